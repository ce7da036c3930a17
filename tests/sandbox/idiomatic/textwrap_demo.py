import textwrap

text = ("Python is a high-level, general-purpose programming language. Its design philosophy "
        "emphasizes code readability with the use of significant indentation.")
print(textwrap.fill(text, width=40))
print(textwrap.wrap(text, width=30)[:3])
print(textwrap.shorten(text, width=50, placeholder=" [...]"))
block = """
    def hello():
        print("hi")
"""
print(textwrap.dedent(block).strip())
print(textwrap.indent("line one\nline two", "> "))
wrapper = textwrap.TextWrapper(width=25, initial_indent="* ", subsequent_indent="  ")
print(wrapper.fill(text[:80]))
