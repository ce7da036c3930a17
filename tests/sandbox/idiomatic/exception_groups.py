def validate(user):
    errors = []
    if not user.get("name"):
        errors.append(ValueError("name is required"))
    if user.get("age", 0) < 0:
        errors.append(ValueError("age must be positive"))
    if "email" in user and "@" not in user["email"]:
        errors.append(TypeError("email looks wrong"))
    if errors:
        raise ExceptionGroup("invalid user", errors)
    return True


try:
    validate({"name": "", "age": -1, "email": "x"})
except* ValueError as group:
    print("values:", [str(e) for e in group.exceptions])
except* TypeError as group:
    print("types:", [str(e) for e in group.exceptions])
print(validate({"name": "ann"}))
eg = ExceptionGroup("many", [KeyError("a"), ValueError("b"), KeyError("c")])
match, rest = eg.split(KeyError)
print(len(match.exceptions), len(rest.exceptions), eg.subgroup(ValueError).exceptions)
try:
    raise ValueError("with note")
except ValueError as e:
    e.add_note("extra context")
    print(e.__notes__)
