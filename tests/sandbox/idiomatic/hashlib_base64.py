import base64
import hashlib
import binascii
import zlib

data = b"The quick brown fox jumps over the lazy dog"
print(hashlib.md5(data).hexdigest())
print(hashlib.sha1(data).hexdigest())
print(hashlib.sha256(data).hexdigest())
print(hashlib.sha512(data).hexdigest()[:32], hashlib.blake2b(data, digest_size=16).hexdigest())
h = hashlib.new("sha256")
h.update(b"The quick brown fox ")
h.update(b"jumps over the lazy dog")
print(h.hexdigest() == hashlib.sha256(data).hexdigest(), h.name, h.digest_size)
print(hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 1000).hex()[:24])
enc = base64.b64encode(data)
print(enc, base64.b64decode(enc) == data, base64.urlsafe_b64encode(b"\xfb\xff"), base64.b32encode(b"hi"))
print(base64.b16encode(b"hi"), base64.b85encode(b"hello"), binascii.hexlify(b"\x01\xab"))
print(binascii.crc32(data), zlib.crc32(data), zlib.adler32(data))
packed = zlib.compress(data * 10)
print(len(data * 10), len(packed) < len(data * 10), zlib.decompress(packed)[:9])
print(hashlib.sha256("héllo".encode("utf-8")).hexdigest()[:16], sorted(hashlib.algorithms_guaranteed)[:3])
