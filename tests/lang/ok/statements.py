# Issue 15: the statements of Python the subset now has.
from typing import Optional

limit: int = 3
seen: Optional[int] = None
total = count = 0
for i in range(10):
    if i % 2:
        continue
    if i > 6:
        break
    total += i
else:
    print("not reached")

while count < limit:
    count += 1
else:
    print("done", count)


def parse(text):
    global seen
    try:
        value = int(text)
    except (TypeError, ValueError) as e:
        print("bad", e)
        raise
    else:
        seen = value
        return value
    finally:
        pass


assert parse("4") == 4, "parse"
del limit
