import struct
from array import array

packed = struct.pack(">IhB", 1, -2, 255)
print(packed, len(packed), struct.unpack(">IhB", packed), struct.calcsize("<qd"))
header = struct.Struct("<4sHH")
blob = header.pack(b"RIFF", 1, 2)
print(header.size, header.unpack(blob), struct.unpack_from("<H", blob, 4))
print(struct.pack("<f", 1.5).hex(), struct.unpack("<d", struct.pack("<d", 0.1))[0])
nums = array("i", [1, 2, 3])
nums.append(4)
nums.extend([5, 6])
print(nums, nums.tolist(), nums.itemsize, sum(nums), nums[::-1], array("d", [1.5]).tobytes().hex())
chars = array("u", "hello")
print(chars.tounicode(), len(chars), array("b", b"\x01\x02"))
