import uuid

u = uuid.uuid4()
print(len(str(u)), u.version, str(u).count("-"), isinstance(u.hex, str), len(u.bytes))
print(uuid.uuid5(uuid.NAMESPACE_DNS, "example.com"))
print(uuid.uuid3(uuid.NAMESPACE_URL, "https://example.com"))
fixed = uuid.UUID("12345678-1234-5678-1234-567812345678")
print(fixed, fixed.hex, fixed.int % 1000, fixed == uuid.UUID(hex=fixed.hex), repr(fixed))
print(uuid.UUID(int=0), uuid.uuid4() != uuid.uuid4())
