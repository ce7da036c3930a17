"""Configuration loading: defaults, the example file, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config, ConfigError, Secrets, config_from_dict, load_config

ROOT = Path(__file__).resolve().parents[1]


def test_example_file_documents_the_defaults():
    assert load_config(ROOT / "config.example.toml") == Config()


def test_every_key_of_the_example_has_a_comment():
    """A key is documented by a comment on its own line or on the line just above it."""
    lines = (ROOT / "config.example.toml").read_text().splitlines()
    for before, line in zip(["#", *lines], lines, strict=False):
        if "=" in line and not line.lstrip().startswith(("#", '"')):
            assert "#" in line or before.lstrip().startswith("#"), f"undocumented key: {line}"


def test_values_are_typed():
    config = config_from_dict(
        {"sandbox": {"workers": 4, "wall_seconds": 3}, "schedule": {"weekdays": ["mon", "sun"]}}
    )
    assert config.sandbox.workers == 4
    assert config.sandbox.wall_seconds == 3.0 and isinstance(config.sandbox.wall_seconds, float)
    assert config.schedule.weekdays == ("mon", "sun")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"schedule": {"post_time": "9am"}}, "key 'schedule.post_time': expected HH:MM"),
        ({"schedule": {"timezone": "Moon/Base"}}, "key 'schedule.timezone': expected an IANA"),
        ({"schedule": {"weekdays": ["funday"]}}, "key 'schedule.weekdays'"),
        (
            {"schedule": {"reveal_time": "08:00"}},
            "key 'schedule.reveal_time': expected a time after",
        ),
        ({"sandbox": {"workers": "two"}}, "key 'sandbox.workers': expected int"),
        ({"sandbox": {"workers": 0}}, "key 'sandbox.workers': expected a positive number"),
        (
            {"sandbox": {"allowed_modules": "math"}},
            "key 'sandbox.allowed_modules': expected a list",
        ),
        ({"scoring": {"points_by_difficulty": [1, 2]}}, "key 'scoring.points_by_difficulty'"),
        ({"terminal": {"post_on_start": "yes"}}, "key 'terminal.post_on_start': expected bool"),
        ({"slack": {"port": 70000}}, "key 'slack.port'"),
        ({"database": {"paht": "x.db"}}, "unknown key 'database.paht'"),
        ({"logging": "loud"}, "[logging] must be a table"),
        ({"discord": {"token": "abc"}}, "secrets are not read from the config file"),
        ({"slack": {"signing_secret": "abc"}}, "secrets are not read from the config file"),
        ({"database": {"url": "mysql://h/db"}}, "key 'database.url': expected a PostgreSQL URL"),
        (
            {"database": {"url": "postgresql://bot:hunter2@db/studybot"}},
            "set STUDYBOT_DATABASE_PASSWORD",
        ),
        ({"database": {"pool_size": 0}}, "key 'database.pool_size'"),
        ({"discord": {"shard_ids": [0]}}, "key 'discord.shard_ids': needs discord.shard_count"),
        ({"discord": {"shard_ids": [4], "shard_count": 4}}, "key 'discord.shard_ids[0]'"),
        ({"discord": {"shard_ids": [1, 1], "shard_count": 4}}, "distinct shards"),
    ],
)
def test_bad_values_name_the_key_and_what_was_expected(raw, message):
    with pytest.raises(ConfigError) as info:
        config_from_dict(raw)
    assert message in str(info.value)


def test_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[schedule]\npost_time = 9\n")
    with pytest.raises(ConfigError, match=r"bad\.toml: key 'schedule\.post_time': expected str"):
        load_config(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("[schedule\n")
    with pytest.raises(ConfigError, match=r"broken\.toml: not valid TOML"):
        load_config(broken)


def test_secrets_come_from_the_environment_and_never_show_in_repr():
    secrets = Secrets.from_env({"DISCORD_TOKEN": "tok-123", "SLACK_SIGNING_SECRET": "shh"})
    assert secrets.discord_token == "tok-123" and secrets.slack_signing_secret == "shh"
    assert "tok-123" not in repr(secrets) and "shh" not in repr(secrets)


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        (["math", "os"], "'sandbox.allowed_modules[1]': module 'os' is never allowed"),
        (["subprocess"], "'sandbox.allowed_modules[0]': module 'subprocess' is never allowed"),
        (["os.path"], "module 'os.path' is never allowed"),
        (["collections._private"], "private modules are refused"),
        (["math", "no_such_module_xyz"], "module 'no_such_module_xyz' does not exist"),
        (["collections.nope"], "module 'collections.nope' does not exist"),
        (["math; import os"], "is not a module name"),
        ([], "'sandbox.allowed_modules': expected at least one module"),
    ],
)
def test_allowed_modules_are_checked_against_the_sandbox(modules, message):
    with pytest.raises(ConfigError) as info:
        config_from_dict({"sandbox": {"allowed_modules": modules}})
    assert message in str(info.value)


def test_allowed_modules_that_exist_and_are_allowed_pass():
    config = config_from_dict({"sandbox": {"allowed_modules": ["math", "collections.abc"]}})
    assert config.sandbox.allowed_modules == ("math", "collections.abc")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("workers", 100_000),
        ("queue_size", 10_001),
        ("member_queue", 0),
        ("cpu_seconds", 3600),
        ("wall_seconds", 0.01),
        ("memory_mb", 1_000_000),
        ("recursion_limit", 10_000_000),
        ("output_bytes", 1 << 40),
        ("runs_per_minute", -1),
    ],
)
def test_sandbox_numbers_have_bounds(key, value):
    with pytest.raises(ConfigError) as info:
        config_from_dict({"sandbox": {key: value}})
    assert f"key 'sandbox.{key}'" in str(info.value)


def test_sandbox_bounds_include_the_defaults_and_the_edges():
    from bot.config import MAX_WORKERS, SANDBOX_BOUNDS

    assert MAX_WORKERS >= 4
    for key, (low, high) in SANDBOX_BOUNDS.items():
        for value in (low, high):
            value = float(value) if key == "wall_seconds" else int(value)
            assert getattr(config_from_dict({"sandbox": {key: value}}).sandbox, key) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"terminal": {"member": "x" * 33}}, "key 'terminal.member'"),
        ({"terminal": {"member": "ev\u202eil"}}, "key 'terminal.member'"),
        ({"terminal": {"group": "a\x1b[2Jb"}}, "key 'terminal.group'"),
        ({"terminal": {"admins": ["you", ""]}}, "key 'terminal.admins[1]'"),
        ({"schedule": {"grace_minutes": 10**9}}, "key 'schedule.grace_minutes'"),
        ({"scoring": {"vote_points": 10**12}}, "key 'scoring.vote_points'"),
        ({"database": {"path": " "}}, "key 'database.path'"),
        ({"slack": {"path": "slack/events"}}, "key 'slack.path'"),
        ({"slack": {"host": ""}}, "key 'slack.host'"),
        ({"discord": {"sync_guild_id": "my server"}}, "key 'discord.sync_guild_id'"),
    ],
)
def test_names_and_counts_are_bounded(raw, message):
    with pytest.raises(ConfigError) as info:
        config_from_dict(raw)
    assert message in str(info.value)


def test_config_file_that_is_a_folder_binary_or_unreadable(tmp_path):
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 50)
    with pytest.raises(ConfigError, match=r"bin\.toml: not a text file"):
        load_config(binary)
    nul = tmp_path / "nul.toml"
    nul.write_bytes(b"[logging]\x00\n")
    with pytest.raises(ConfigError, match=r"nul\.toml: not a text file"):
        load_config(nul)


def test_a_postgresql_url_is_the_database_target_and_the_file_is_the_default():
    assert Config().database.target == "studybot.db"
    config = config_from_dict({"database": {"url": "postgresql://bot@db:5432/studybot"}})
    assert config.database.target == "postgresql://bot@db:5432/studybot"


def test_the_compose_replicas_share_one_database_and_split_the_shards():
    import tomllib

    replicas = sorted((ROOT / "deploy" / "compose").glob("replica-*.toml"))
    configs = [config_from_dict(tomllib.loads(path.read_text())) for path in replicas]
    assert len(configs) == 2
    assert {c.database.target for c in configs} == {"postgresql://studybot@db:5432/studybot"}
    shards = sorted(shard for c in configs for shard in c.discord.shard_ids)
    assert shards == list(range(configs[0].discord.shard_count))
    compose = (ROOT / "docker-compose.yml").read_text()
    for path in replicas:  # each replica mounts its own file as the image's config
        assert f"./deploy/compose/{path.name}:/config/studybot.toml:ro" in compose
