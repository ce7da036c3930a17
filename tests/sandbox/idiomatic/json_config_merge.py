import json
import copy

DEFAULTS = json.loads("""
{"server": {"host": "0.0.0.0", "port": 80, "tls": {"enabled": false}},
 "features": ["search"], "debug": false}
""")
OVERRIDES = {"server": {"port": 8443, "tls": {"enabled": True, "cert": "a.pem"}}, "debug": True}


def deep_merge(base, extra):
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def flatten(d, prefix=""):
    items = {}
    for k, v in d.items():
        key = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            items.update(flatten(v, key))
        else:
            items[key] = v
    return items


merged = deep_merge(DEFAULTS, OVERRIDES)
print(json.dumps(merged, sort_keys=True))
print(DEFAULTS["server"]["port"], flatten(merged))
print(json.dumps(flatten(merged), indent=1)[:60])
