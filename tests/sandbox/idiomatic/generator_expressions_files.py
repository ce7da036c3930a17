import io

LOG = io.StringIO("""\
127.0.0.1 - GET /index.html 200 512
10.0.0.2 - GET /about.html 404 0
127.0.0.1 - POST /login 302 128
10.0.0.3 - GET /index.html 200 512
10.0.0.2 - GET /missing 404 0
""")

rows = (line.split() for line in LOG)
records = ({"ip": r[0], "method": r[2], "path": r[3], "status": int(r[4]), "size": int(r[5])} for r in rows)
records = list(records)
print(sum(r["size"] for r in records), max(records, key=lambda r: r["size"])["path"])
errors = [r for r in records if r["status"] >= 400]
print(len(errors), sorted({r["ip"] for r in errors}))
by_status = {}
for r in records:
    by_status.setdefault(r["status"], []).append(r["path"])
print(dict(sorted(by_status.items())))
print(any(r["method"] == "POST" for r in records), all(r["size"] >= 0 for r in records))
