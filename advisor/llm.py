"""The configured chat model (Ollama or an OpenAI-compatible server), or none.

One place builds it, so every LLM feature shares the same timeout, no-retry policy and errors.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from advisor.errors import BadInput
from advisor.settings import Settings

DEFAULT_URLS = {"ollama": "http://127.0.0.1:11434", "openai": "http://127.0.0.1:8080/v1"}


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model ``settings`` describe; None when ``llm`` is "none".

    Raises:
        BadInput: an LLM backend is chosen without a model name.
    """
    if settings.llm == "none":
        return None
    if not settings.llm_model:
        raise BadInput(
            f"ADVISOR_LLM={settings.llm} needs a model name in ADVISOR_LLM_MODEL",
            f"ADVISOR_LLM={settings.llm} には ADVISOR_LLM_MODEL でモデル名を指定してください",
        )
    url = settings.llm_url or DEFAULT_URLS[settings.llm]
    if settings.llm == "ollama":
        from langchain_ollama import ChatOllama

        # num_ctx always: Ollama otherwise truncates long prompts from the front (system prompt first).
        return ChatOllama(
            model=settings.llm_model, base_url=url, num_ctx=settings.llm_num_ctx, temperature=0.1,
            num_predict=settings.llm_max_tokens,
            client_kwargs={"timeout": settings.llm_timeout},
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.llm_model, base_url=_with_v1(url), api_key=settings.llm_api_key.get_secret_value() or "none",
        timeout=settings.llm_timeout, max_retries=0, temperature=0.1, max_tokens=settings.llm_max_tokens,
    )


def describe(settings: Settings) -> str:
    """A short badge for the UI and CLI: which answerer is on."""
    if settings.llm == "none":
        return "extractive"
    return f"{settings.llm}:{settings.llm_model}"


def _with_v1(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith("/v1") else f"{url}/v1"
