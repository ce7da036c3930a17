import io
from contextlib import redirect_stdout


def noisy(n):
    for i in range(n):
        print("line", i)
    return n


buf = io.StringIO()
with redirect_stdout(buf):
    result = noisy(3)
captured = buf.getvalue()
print(result, captured.splitlines(), len(captured))
out = io.StringIO()
print("a", "b", sep="-", file=out)
out.write("c\n")
print(repr(out.getvalue()))
stream = io.StringIO("x\ny\nz\n")
print([line.strip() for line in stream], stream.read())
b = io.BytesIO()
b.write(b"hello ")
b.write("wörld".encode())
print(b.getvalue(), b.tell())
b.seek(0)
print(b.read(5))
