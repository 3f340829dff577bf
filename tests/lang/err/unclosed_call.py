# error: 3:8: '(' was never closed
x = 1
y = max(x,
        2
z = 3
