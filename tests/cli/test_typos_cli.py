"""A typo never switches a check off quietly: unknown selectors, config keys, values and profiles are one
line on stderr and exit 2, in every command that takes them (real subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import REPO, write_tree


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=120,
    )


@pytest.fixture
def plugin(tmp_path):
    return write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p", "version": "1.0.0", "description": "d"},
            "hooks/hooks.json": '{\n  "hooks": {\n    "Stop": [],\n  }\n}\n',
        },
    )


def _one_line_exit_2(r, *needles):
    assert r.returncode == 2, (r.returncode, r.stdout[-500:], r.stderr)
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stdout == ""
    for needle in needles:
        assert needle in r.stderr, r.stderr


@pytest.mark.parametrize(
    "args,needles",
    [
        # "No problems found", exit 0, with every rule switched off
        (("--select", "NOPE"), ["unknown rule selector 'NOPE'", "--select"]),
        (("--select", "FILE004,HOK"), ["'HOK'", "did you mean 'HOOK'?"]),
        (("--ignore", "NOPE"), ["unknown rule selector 'NOPE'", "--ignore"]),
        (("--profile", "NOPE"), ["unknown profile 'NOPE'"]),
        (("--profile", "plugindev"), ["did you mean 'plugin-dev'?"]),
    ],
)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_refuses_unknown_selectors_and_profiles(plugin, args, needles, fmt):
    _one_line_exit_2(run("check", plugin, "--format", fmt, *args), *needles)


@pytest.mark.parametrize(
    "text,needles",
    [
        ('ignor = ["FILE004"]\n', ["unknown key 'ignor'", "did you mean 'ignore'?"]),
        ('profil = "plugin-dev"\n', ["unknown key 'profil'", "did you mean 'profile'?"]),
        ('profile = "plugin_dev"\n', ["unknown profile 'plugin_dev'", "did you mean 'plugin-dev'?"]),
        ('strict = "true"\n', ["'strict' must be true or false"]),
        ('ignore = ["FILE04"]\n', ["unknown rule selector 'FILE04'"]),
        ('[per-path-ignores]\n"hooks/*" = ["HOOKS"]\n', ["per-path-ignores 'hooks/*'", "'HOOKS'"]),
    ],
)
def test_check_refuses_a_config_file_with_a_mistake(plugin, text, needles):
    (plugin / ".plugin-tui.toml").write_text(text)
    _one_line_exit_2(run("check", plugin), ".plugin-tui.toml", *needles)


def test_env_file_in_the_config_is_read_from_the_config_folder(plugin, tmp_path):
    """`env-file = ".env"` in plugins/foo/.plugin-tui.toml means plugins/foo/.env, wherever the check runs."""
    (plugin / ".plugin-tui.toml").write_text('env-file = ".env.ci"\n')
    (plugin / ".env.ci").write_text("X=1\n")
    r = run("check", "p", cwd=tmp_path)
    assert r.returncode == 1 and "FILE004" in r.stdout, r.stderr


def test_rules_refuses_an_unknown_profile():
    _one_line_exit_2(
        run("rules", "--profile", "plugindev"), "unknown profile 'plugindev'", "did you mean 'plugin-dev'?"
    )


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize(
    "args,config,needle",
    [
        (["--profile", "NOPE"], None, "unknown profile 'NOPE'"),
        ([], 'ignor = ["X"]\n', "unknown key 'ignor'"),
    ],
)
def test_the_explorer_refuses_them_before_the_screen_is_taken(plugin, args, config, needle):
    from tests.pty_run import explorer_env, run_in_pty

    if config:
        (plugin / ".plugin-tui.toml").write_text(config)
    r = run_in_pty(
        [sys.executable, "-m", "tui", str(plugin), "--no-watch", *args],
        explorer_env(PYTHONPATH=str(REPO)),
        {},
        timeout=30,
        keys=b"",
    )
    assert r.returncode == 2, r.text[-2000:]
    assert needle in r.text and "Traceback" not in r.text


# -- --select narrows the profile, never widens it -----------------------------------------------------------------


def _codes(r):
    import json

    assert r.returncode in (0, 1), r.stderr
    return {d["code"] for d in json.loads(r.stdout)["diagnostics"]}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tui.demo import copy_demo

    return copy_demo(tmp_path_factory.mktemp("demo"))


def test_select_narrows_within_the_profile_on_the_demo(demo):
    everything = _codes(run("check", demo, "--format", "json"))
    skl = _codes(run("check", demo, "--format", "json", "--select", "SKL"))
    assert skl and skl == {c for c in everything if c.startswith("SKL")}
    assert not {"SKL021", "SKL022"} & skl  # plugin-dev rules: not in an official run, selected or not
    assert {"SKL021", "SKL022"} <= _codes(
        run("check", demo, "--format", "json", "--profile", "plugin-dev", "--select", "SKL")
    )
    # named by its full code, a rule of another profile runs
    assert _codes(run("check", demo, "--format", "json", "--select", "SKL021")) == {"SKL021"}


def test_a_prefix_with_no_rule_in_the_profile_says_so(demo):
    _one_line_exit_2(
        run("check", demo, "--select", "SKL02"),
        "'SKL02' selects no rule of the official profile",
        "--profile plugin-dev",
    )
    r = run("check", demo, "--select", "SKL02", "--profile", "plugin-dev", "--format", "json")
    assert {"SKL021", "SKL022"} <= _codes(r)


def test_check_help_says_how_selection_works():
    out = " ".join(run("check", "--help").stdout.split())
    assert "--select narrows the rules of the active profile" in out and "names its full code" in out
