"""``.plugin-tui.toml`` and the selection flags (tui/core/config.py): anything that would switch a check on or
off without a word is refused with one line instead."""

from __future__ import annotations

import pytest

from tui.core.lint.config import ConfigError, load_config


def _load(tmp_path, text: str | None = None, **flags):
    if text is not None:
        (tmp_path / ".plugin-tui.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path, **flags)


def test_a_good_file_is_read(tmp_path):
    cfg = _load(
        tmp_path,
        'profile = "plugin-dev"\nselect = ["agt", "HOOK001"]\nignore = "SKL020, CMD"\n'
        'strict = true\nenv-file = ".env.ci"\n[per-path-ignores]\n"legacy/**" = ["AGT"]\n',
    )
    assert cfg.profile == "plugin-dev" and cfg.select == ("AGT", "HOOK001") and cfg.ignore == ("SKL020", "CMD")
    assert cfg.strict is True and cfg.per_path_ignores == {"legacy/**": ("AGT",)}
    assert cfg.env_file == str(tmp_path / ".env.ci")  # from the file's folder, not from the current one


@pytest.mark.parametrize(
    "text,needles",
    [
        ('ignor = ["SKL020"]\n', ["unknown key 'ignor'", "did you mean 'ignore'?"]),
        ('profil = "plugin-dev"\n', ["unknown key 'profil'", "did you mean 'profile'?"]),
        ('env_file = ".env"\n', ["unknown key 'env_file'", "did you mean 'env-file'?"]),
        (
            '[per-path-ignore]\n"a/**" = ["AGT"]\n',
            ["unknown key 'per-path-ignore'", "did you mean 'per-path-ignores'?"],
        ),
        ('colour = "never"\n', ["unknown key 'colour'", "the keys are profile, select"]),
        ('profile = "strict"\n', ["unknown profile 'strict'", "choose from official, plugin-dev, directory"]),
        ('profile = "plugindev"\n', ["did you mean 'plugin-dev'?"]),
        ("profile = 1\n", ["'profile' must be a string, got a number"]),
        ('strict = "yes"\n', ["'strict' must be true or false, got a string"]),
        ("select = 3\n", ["'select' must be a list of rule codes or prefixes, got a number"]),
        ('select = ["NOPE"]\n', ["'select': unknown rule selector 'NOPE'"]),
        ('ignore = ["HOK"]\n', ["unknown rule selector 'HOK'", "did you mean 'HOOK'?"]),
        ('[per-path-ignores]\n"legacy/**" = ["AGT999"]\n', ["per-path-ignores 'legacy/**'", "'AGT999'"]),
        ('[per-path-ignores]\n"legacy/**" = "AGT"\n', None),
        ('per-path-ignores = ["AGT"]\n', ["'per-path-ignores' must be a table"]),
        ("env-file = 3\n", ["'env-file' must be a file name, got a number"]),
    ],
)
def test_mistakes_in_the_file_are_one_clear_error(tmp_path, text, needles):
    if needles is None:  # a single string is read as comma-separated codes, as on the command line
        assert _load(tmp_path, text).per_path_ignores == {"legacy/**": ("AGT",)}
        return
    with pytest.raises(ConfigError) as exc:
        _load(tmp_path, text)
    msg = str(exc.value)
    assert "\n" not in msg and str(tmp_path / ".plugin-tui.toml") in msg
    for needle in needles:
        assert needle in msg, msg


@pytest.mark.parametrize(
    "flags,needles",
    [
        ({"select": "NOPE"}, ["--select", "unknown rule selector 'NOPE'", "`plugin-tui rules`"]),
        ({"select": "SKL,x"}, ["--select", "'X'"]),
        ({"ignore": "NOPE"}, ["--ignore", "unknown rule selector 'NOPE'"]),
        ({"ignore": "AGT01X"}, ["'AGT01X'"]),
        ({"profile": "NOPE"}, ["--profile", "unknown profile 'NOPE'"]),
    ],
)
def test_mistakes_in_the_flags_are_one_clear_error(tmp_path, flags, needles):
    with pytest.raises(ConfigError) as exc:
        _load(tmp_path, None, **flags)
    for needle in needles:
        assert needle in str(exc.value), str(exc.value)


def test_selectors_that_name_rules_pass(tmp_path):
    cfg = _load(tmp_path, None, select="skl,HOOK117,agt0", ignore="INT001,FILE")
    assert cfg.select == ("SKL", "HOOK117", "AGT0") and cfg.ignore == ("INT001", "FILE")
    assert _load(tmp_path, None, ignore="").ignore == ()


def test_the_flags_win_over_the_file_after_both_are_checked(tmp_path):
    with pytest.raises(ConfigError):  # a bad file is refused even when a flag would override the key
        _load(tmp_path, 'profile = "nope"\n', profile="official")
    assert _load(tmp_path, 'profile = "directory"\n', profile="plugin-dev").profile == "plugin-dev"
