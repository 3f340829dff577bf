# error: 3:1: 'while' loops are not supported
n = 0
while n < 3:
    n = n + 1
