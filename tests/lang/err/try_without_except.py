# error: 5:1: expected 'except' or 'finally' block after 'try' on line 3
n = 0
try:
    n = int("3")
print(n)
