"""Identity numbers: the [identity] settings.

`[identity] accept_synthetic` (and RTO_ACCEPT_SYNTHETIC_NIN) says whether Skatteetaten's synthetic test numbers
are accepted; off unless a test system turns it on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from states.errors import ConfigError
from workflow.config import load_settings

# --- the setting -----------------------------------------------------------------------------------------------

def test_synthetic_numbers_are_refused_unless_the_configuration_or_the_environment_accepts_them(
        tmp_path: Path) -> None:
    accepting = tmp_path / "test.toml"
    accepting.write_text("[identity]\naccept_synthetic = true\n", encoding="utf-8")
    assert load_settings(None, {}).identity.accept_synthetic is False
    assert load_settings(str(accepting), {}).identity.accept_synthetic is True
    for word in ("1", "true", "yes", "TRUE", " Yes "):
        assert load_settings(None, {"RTO_ACCEPT_SYNTHETIC_NIN": word}).identity.accept_synthetic is True
    for word in ("0", "false", "no"):  # the environment overrides the file, both ways
        assert load_settings(str(accepting), {"RTO_ACCEPT_SYNTHETIC_NIN": word}).identity.accept_synthetic is False
    assert load_settings(str(accepting), {"RTO_ACCEPT_SYNTHETIC_NIN": ""}).identity.accept_synthetic is True


@pytest.mark.parametrize(("file_text", "env", "key"), [
    ('[identity]\naccept_synthetic = "yes"\n', {}, "identity.accept_synthetic"),
    ("[identity]\naccept_synthetic = 1\n", {}, "identity.accept_synthetic"),
    ('identity = "on"\n', {}, "identity"),
    ("", {"RTO_ACCEPT_SYNTHETIC_NIN": "maybe"}, "RTO_ACCEPT_SYNTHETIC_NIN"),
])
def test_a_malformed_synthetic_setting_is_a_configuration_error(tmp_path: Path, file_text: str,
                                                               env: dict[str, str], key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(file_text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(str(path), env)
    assert caught.value.code == "config_bad_value" and caught.value.params["key"] == key
