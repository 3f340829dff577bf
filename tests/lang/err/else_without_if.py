# error: 4:5: 'else' without a matching 'if'
def f(x):
    y = x
    else:
        return y
