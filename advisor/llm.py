"""The configured chat model (Ollama or an OpenAI-compatible server), or none.

One place builds it, so every LLM feature shares the same timeout, no-retry policy and errors.
Backends sit in a name → factory registry like the embedders'; each imports its LangChain
integration only when chosen, so the extractive default loads no chat-model code at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from advisor.errors import BadInput
from advisor.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

DEFAULT_URLS = {"ollama": "http://127.0.0.1:11434", "openai": "http://127.0.0.1:8080/v1"}


def _ollama(settings: Settings, url: str) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    # num_ctx always: Ollama otherwise truncates long prompts from the front (system prompt first).
    return ChatOllama(
        model=settings.llm_model, base_url=url, num_ctx=settings.llm_num_ctx, temperature=0.1,
        num_predict=settings.llm_max_tokens, client_kwargs={"timeout": settings.llm_timeout},
    )


def _openai(settings: Settings, url: str) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.llm_model, base_url=_with_v1(url), api_key=settings.llm_api_key.get_secret_value() or "none",
        timeout=settings.llm_timeout, max_retries=0, temperature=0.1, max_tokens=settings.llm_max_tokens,
    )


CHAT_MODELS: dict[str, Callable[[Settings, str], BaseChatModel]] = {"ollama": _ollama, "openai": _openai}


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model ``settings`` describe; None when ``llm`` is "none".

    Raises:
        BadInput: an unknown backend, or a backend chosen without a model name.
    """
    if settings.llm == "none":
        return None
    factory = CHAT_MODELS.get(settings.llm)
    if factory is None:
        choices = ", ".join(["none", *CHAT_MODELS])
        raise BadInput(f"unknown LLM backend '{settings.llm}'; choose one of: {choices}",
                       f"不明な LLM バックエンド '{settings.llm}' です。次から選んでください: {choices}")
    check_llm_url(settings.llm_url, settings.allowed_llm_hosts)
    if not settings.llm_model:
        raise BadInput(
            f"ADVISOR_LLM={settings.llm} needs a model name in ADVISOR_LLM_MODEL",
            f"ADVISOR_LLM={settings.llm} には ADVISOR_LLM_MODEL でモデル名を指定してください",
        )
    try:
        return factory(settings, settings.llm_url or DEFAULT_URLS[settings.llm])
    except ImportError as exc:
        raise BadInput(
            f"the '{settings.llm}' backend needs the [llm] extra: pip install 'tpm-career-advisor[llm]'",
            f"'{settings.llm}' には [llm] の追加インストールが必要です: pip install 'tpm-career-advisor[llm]'",
        ) from exc


def check_llm_url(url: str, allowed_hosts: tuple[str, ...] = ()) -> None:
    """An LLM URL must be http(s), and one of ``allowed_hosts`` when those are set.

    The server connects wherever the URL says, so in a shared deployment a visitor's URL could
    reach internal hosts; ``ADVISOR_LLM_ALLOWED_HOSTS`` keeps it to the ones meant.

    Raises:
        BadInput: the URL is not http(s), has no host, or names a host not allowed.
    """
    if not url:
        return
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BadInput(f"the LLM URL must start with http:// or https:// and name a host: {url[:80]}",
                       f"LLM の URL は http:// か https:// で始まり、ホスト名を含む必要があります: {url[:80]}")
    if allowed_hosts and parsed.hostname.lower() not in allowed_hosts:
        raise BadInput(f"the LLM host {parsed.hostname} is not allowed here (ADVISOR_LLM_ALLOWED_HOSTS)",
                       f"LLM のホスト {parsed.hostname} はこの環境では許可されていません(ADVISOR_LLM_ALLOWED_HOSTS)")


def describe(settings: Settings) -> str:
    """A short badge for the UI and CLI: which answerer is on."""
    if settings.llm == "none":
        return "extractive"
    return f"{settings.llm}:{settings.llm_model}"


def _with_v1(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith("/v1") else f"{url}/v1"
