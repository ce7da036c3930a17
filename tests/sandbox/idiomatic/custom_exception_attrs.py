class ValidationError(Exception):
    def __init__(self, field, message):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def __repr__(self):
        return f"ValidationError(field={self.field!r}, message={self.message!r})"


class RetryableError(Exception):
    pass


errors = []
for value in ["42", "-1", "abc", ""]:
    try:
        if not value:
            raise ValidationError("value", "empty")
        n = int(value)
        if n < 0:
            raise ValidationError("value", f"{n} is negative")
    except ValidationError as e:
        errors.append(e)
    except ValueError as e:
        errors.append(e)
print([str(e) for e in errors])
print([repr(e) for e in errors if isinstance(e, ValidationError)])
print(errors[0].args, errors[0].field, type(errors[2]).__name__)
