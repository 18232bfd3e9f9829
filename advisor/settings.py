"""Settings: the only reader of ``ADVISOR_*`` variables and of the optional settings file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from advisor.errors import BadInput

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tpm-advisor"


class Settings(BaseSettings):
    """Everything configurable, read once at the edge and passed down.

    Each field reads ``ADVISOR_<NAME>`` (e.g. ``ADVISOR_DATA_DIR``); a TOML file named by
    ``ADVISOR_SETTINGS_FILE`` may hold the same keys in lower case. Environment wins.
    """

    model_config = SettingsConfigDict(env_prefix="ADVISOR_", frozen=True, extra="forbid")

    data_dir: Path = _default_data_dir()
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    embedder: str = "use"
    embedder_model: str = ""
    llm: Literal["none", "ollama", "openai"] = "none"
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout: float = 30.0
    llm_num_ctx: int = 8192
    llm_max_tokens: int = 1024  # an answer is a few cited sentences; a runaway model stops here
    chroma_url: str = ""
    ingest_lease_seconds: float = 60.0  # a writer that stops renewing frees the index after this long
    snapshot_check_seconds: float = 15.0  # how often a replica looks for a newer published snapshot
    admin_ui: bool | None = None  # the app's LLM and re-ingest controls; default: only for an embedded index
    llm_allowed_hosts: str = ""  # comma-separated hosts an LLM URL set in the app may name (empty: any)
    debug: bool = False

    @field_validator("data_dir", "corpus_dir", mode="after")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        settings_file = os.environ.get("ADVISOR_SETTINGS_FILE")
        if settings_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(settings_file)))
        return tuple(sources)

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from the environment (and settings file), with explicit overrides on top.

        Raises:
            BadInput: a value is invalid; the message names the setting and the valid choices.
        """
        settings_file = os.environ.get("ADVISOR_SETTINGS_FILE")
        if settings_file and not Path(settings_file).is_file():
            raise BadInput(
                f"settings file not found: {settings_file}",
                f"設定ファイルが見つかりません: {settings_file}",
            )
        try:
            return cls(**{k: v for k, v in overrides.items() if v is not None})
        except ValidationError as exc:
            first = exc.errors()[0]
            name = "ADVISOR_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
            raise BadInput(
                f"invalid setting {name}: {first['msg']}", f"設定 {name} が不正です: {first['msg']}"
            ) from None

    @property
    def admin(self) -> bool:
        """Whether the app shows admin controls: set explicitly, or on for a local embedded index."""
        return self.admin_ui if self.admin_ui is not None else not self.chroma_url

    @property
    def allowed_llm_hosts(self) -> tuple[str, ...]:
        return tuple(h.strip().lower() for h in self.llm_allowed_hosts.split(",") if h.strip())

    @property
    def index_dir(self) -> Path:
        """Where the Chroma files, the keyword index and the manifest live."""
        return self.data_dir / "index"
