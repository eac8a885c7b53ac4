"""Rounds every floating-point weight of a .nemo to the nearest float16 value (kept as float32), so that the f16 GGUF
that `warble convert` makes of it holds exactly the same numbers and both files transcribe alike. The rounding moves
no held-out transcript of the demo model (see README.md).

usage: /usr/bin/python3 round_f16.py IN.nemo OUT.nemo
"""
import io
import sys
import tarfile

import torch


def main():
    source, target = sys.argv[1:3]
    with tarfile.open(source, "r:") as tar, tarfile.open(target, "w:") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read() if member.isfile() else None
            if member.name == "./model_weights.ckpt":
                state = torch.load(io.BytesIO(data), map_location="cpu")
                state = {k: v.half().float() if v.is_floating_point() else v for k, v in state.items()}
                buffer = io.BytesIO()
                torch.save(state, buffer)
                data = buffer.getvalue()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data) if data is not None else None)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
