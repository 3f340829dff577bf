//! Value semantics checked against CPython 3.11.
//!
//! Every expected string below was produced by running the Python expression in the
//! comment with `PYTHONHASHSEED=0 python3` (errors as `Kind: message`).

use std::sync::Arc;

use streamlab::lang::ast::BinOp::{self, *};
use streamlab::lang::ast::CmpOp::{self, *};
use streamlab::lang::value::*;
use streamlab::lang::{builtins, hash, methods, ops};

fn i(n: i64) -> Value {
    Value::Int(n)
}
fn f(x: f64) -> Value {
    Value::Float(x)
}
fn s(x: &str) -> Value {
    Value::str(x)
}
fn bo(b: bool) -> Value {
    Value::Bool(b)
}
fn t(v: Vec<Value>) -> Value {
    Value::tuple(v)
}
fn l(v: Vec<Value>) -> Value {
    Value::list(v)
}
fn big(x: &str) -> Value {
    call_("int", vec![s(x)])
}
fn show_err(e: Exc) -> String {
    e.to_string()
}
fn show(r: PyResult) -> String {
    r.map(|v| v.repr()).unwrap_or_else(show_err)
}
fn r(v: Value) -> String {
    v.repr()
}
fn ts(v: Value) -> String {
    v.to_str()
}
/// `a <op> b`, printed.
fn b(op: BinOp, x: Value, y: Value) -> String {
    show(ops::binary(op, &x, &y))
}
/// `a <op> b` as a value (for building operands).
fn b_(op: BinOp, x: Value, y: Value) -> Value {
    ops::binary(op, &x, &y).expect("operand")
}
fn neg_(x: Value) -> Value {
    ops::neg(&x).expect("operand")
}
fn neg(x: &Value) -> PyResult {
    ops::neg(x)
}
fn pos(x: &Value) -> PyResult {
    ops::pos(x)
}
fn cmp(op: CmpOp, x: Value, y: Value) -> String {
    match ops::compare(op, &x, &y) {
        Ok(v) => Value::Bool(v).repr(),
        Err(e) => e.to_string(),
    }
}
fn builtin(name: &str) -> Value {
    builtins::lookup(name).expect("builtin")
}
fn callkw(name: &str, args: Vec<Value>, kwargs: Vec<(&str, Value)>) -> String {
    show(call_kw(name, args, kwargs))
}
fn call_kw(name: &str, args: Vec<Value>, kwargs: Vec<(&str, Value)>) -> PyResult {
    // A builtin type (`int`) is called through its constructor function.
    let Some(Value::Func(func)) = builtins::function(name) else {
        panic!("{name} is not a function")
    };
    func.call(
        args,
        kwargs.into_iter().map(|(k, v)| (Arc::from(k), v)).collect(),
    )
}
fn call(name: &str, args: Vec<Value>) -> String {
    callkw(name, args, vec![])
}
fn call_(name: &str, args: Vec<Value>) -> Value {
    call_kw(name, args, vec![]).expect("call")
}
fn m(recv: Value, name: &str, args: Vec<Value>) -> String {
    mkw(recv, name, args, vec![])
}
fn mkw(recv: Value, name: &str, args: Vec<Value>, kwargs: Vec<(&str, Value)>) -> String {
    show(methods::call_method(
        &recv,
        name,
        args,
        kwargs.into_iter().map(|(k, v)| (Arc::from(k), v)).collect(),
    ))
}
fn sl(v: Value, lo: Option<Value>, hi: Option<Value>, st: Option<Value>) -> String {
    show(ops::slice(&v, lo.as_ref(), hi.as_ref(), st.as_ref()))
}
fn sub(v: Value, index: Value) -> String {
    show(ops::subscript(&v, &index))
}
fn h(v: Value) -> String {
    match hash::py_hash(&v) {
        Ok(n) => n.to_string(),
        Err(e) => e.to_string(),
    }
}
fn ph(v: Value) -> String {
    match hash::portable_hash(&v) {
        Ok(n) => n.to_string(),
        Err(e) => e.to_string(),
    }
}
fn part(v: Value, n: usize) -> String {
    match hash::partition_for(&v, n) {
        Ok(n) => n.to_string(),
        Err(e) => e.to_string(),
    }
}

/// A function value implemented in Rust, standing in for a lambda.
struct Lambda(fn(Vec<Value>) -> PyResult);
impl Callable for Lambda {
    fn name(&self) -> &str {
        "<lambda>"
    }
    fn call(&self, args: Vec<Value>, _kwargs: Kwargs) -> PyResult {
        (self.0)(args)
    }
    fn arg_count(&self) -> Option<usize> {
        Some(1)
    }
}
/// `lambda kv: kv[1]`
fn second() -> Value {
    Value::Func(Arc::new(Lambda(|a| ops::subscript(&a[0], &Value::Int(1)))))
}
/// `lambda x: x % 3`
fn mod3() -> Value {
    Value::Func(Arc::new(Lambda(|a| {
        ops::binary(BinOp::Mod, &a[0], &Value::Int(3))
    })))
}

#[test]
fn matches_cpython() {
    let cases: Vec<(String, &str, &str)> = vec![
        // 0.1+0.2
        (b(Add, f(0.1), f(0.2)), "0.30000000000000004", "0.1+0.2"),
        // 1e16
        (r(f(1e16)), "1e+16", "1e16"),
        // 1e22
        (r(f(1e22)), "1e+22", "1e22"),
        // 1e15
        (r(f(1e15)), "1000000000000000.0", "1e15"),
        // 123456789.0
        (r(f(123456789.0)), "123456789.0", "123456789.0"),
        // 1/3
        (b(Div, i(1), i(3)), "0.3333333333333333", "1/3"),
        // 2**0.5
        (b(Pow, i(2), f(0.5)), "1.4142135623730951", "2**0.5"),
        // 1e300*1e10
        (b(Mul, f(1e300), f(1e10)), "inf", "1e300*1e10"),
        // -1e300*1e10
        (b(Mul, f(-1e300), f(1e10)), "-inf", "-1e300*1e10"),
        // float('inf')
        (call("float", vec![s("inf")]), "inf", "float('inf')"),
        // float('-inf')
        (call("float", vec![s("-inf")]), "-inf", "float('-inf')"),
        // float('nan')
        (call("float", vec![s("nan")]), "nan", "float('nan')"),
        // float('Infinity')
        (call("float", vec![s("Infinity")]), "inf", "float('Infinity')"),
        // float(' 7 ')
        (call("float", vec![s(" 7 ")]), "7.0", "float(' 7 ')"),
        // float('1e3')
        (call("float", vec![s("1e3")]), "1000.0", "float('1e3')"),
        // float('1_000.5')
        (call("float", vec![s("1_000.5")]), "1000.5", "float('1_000.5')"),
        // float('x')
        (call("float", vec![s("x")]), "ValueError: could not convert string to float: 'x'", "float('x')"),
        // float('1__0')
        (call("float", vec![s("1__0")]), "ValueError: could not convert string to float: '1__0'", "float('1__0')"),
        // float([])
        (call("float", vec![l(vec![])]), "TypeError: float() argument must be a string or a real number, not 'list'", "float([])"),
        // float(10**400)
        (call("float", vec![b_(Pow, i(10), i(400))]), "OverflowError: int too large to convert to float", "float(10**400)"),
        // 1e-7
        (r(f(1e-7)), "1e-07", "1e-7"),
        // 0.5e-3
        (r(f(0.5e-3)), "0.0005", "0.5e-3"),
        // 100.0
        (r(f(100.0)), "100.0", "100.0"),
        // 3.0*1.1
        (b(Mul, f(3.0), f(1.1)), "3.3000000000000003", "3.0*1.1"),
        // 2.0**70
        (b(Pow, f(2.0), i(70)), "1.1805916207174113e+21", "2.0**70"),
        // -0.0
        (r(f(-0.0)), "-0.0", "-0.0"),
        // 1e-05
        (r(f(1e-05)), "1e-05", "1e-05"),
        // 2.5
        (r(f(2.5)), "2.5", "2.5"),
        // 0.30000000000000004
        (r(f(0.30000000000000004)), "0.30000000000000004", "0.30000000000000004"),
        // 1.1805916207174113e+21
        (r(f(1.1805916207174113e+21)), "1.1805916207174113e+21", "1.1805916207174113e+21"),
        // 1e100
        (r(f(1e100)), "1e+100", "1e100"),
        // 5e-324
        (r(f(5e-324)), "5e-324", "5e-324"),
        // 1.7976931348623157e308
        (r(f(1.7976931348623157e308)), "1.7976931348623157e+308", "1.7976931348623157e308"),
        // 0.0001
        (r(f(0.0001)), "0.0001", "0.0001"),
        // 123456789012345680.0
        (r(f(123456789012345680.0)), "1.2345678901234568e+17", "123456789012345680.0"),
        // 1234567890123456.7
        (r(f(1234567890123456.7)), "1234567890123456.8", "1234567890123456.7"),
        // 7/2
        (b(Div, i(7), i(2)), "3.5", "7/2"),
        // 10/5
        (b(Div, i(10), i(5)), "2.0", "10/5"),
        // 7//2
        (b(FloorDiv, i(7), i(2)), "3", "7//2"),
        // -7//2
        (b(FloorDiv, i(-7), i(2)), "-4", "-7//2"),
        // 7%3
        (b(Mod, i(7), i(3)), "1", "7%3"),
        // 7%-3
        (b(Mod, i(7), i(-3)), "-2", "7%-3"),
        // -7%3
        (b(Mod, i(-7), i(3)), "2", "-7%3"),
        // -7//4
        (b(FloorDiv, i(-7), i(4)), "-2", "-7//4"),
        // 7**2
        (b(Pow, i(7), i(2)), "49", "7**2"),
        // 2**64
        (b(Pow, i(2), i(64)), "18446744073709551616", "2**64"),
        // (-2)**63
        (b(Pow, i(-2), i(63)), "-9223372036854775808", "(-2)**63"),
        // (-2)**63 - 1
        (b(Sub, b_(Pow, i(-2), i(63)), i(1)), "-9223372036854775809", "(-2)**63 - 1"),
        // 10**20//3
        (b(FloorDiv, b_(Pow, i(10), i(20)), i(3)), "33333333333333333333", "10**20//3"),
        // -(10**20)//3
        (b(FloorDiv, neg_(b_(Pow, i(10), i(20))), i(3)), "-33333333333333333334", "-(10**20)//3"),
        // -(10**20)%7
        (b(Mod, neg_(b_(Pow, i(10), i(20))), i(7)), "5", "-(10**20)%7"),
        // 10**20/3
        (b(Div, b_(Pow, i(10), i(20)), i(3)), "3.333333333333333e+19", "10**20/3"),
        // (10**30+1)/(10**12+7)
        (b(Div, b_(Add, b_(Pow, i(10), i(30)), i(1)), b_(Add, b_(Pow, i(10), i(12)), i(7))), "9.999999999930001e+17", "(10**30+1)/(10**12+7)"),
        // 9007199254740993/1
        (b(Div, i(9007199254740993), i(1)), "9007199254740992.0", "9007199254740993/1"),
        // 10**400/10**399
        (b(Div, b_(Pow, i(10), i(400)), b_(Pow, i(10), i(399))), "10.0", "10**400/10**399"),
        // 10**400/3
        (b(Div, b_(Pow, i(10), i(400)), i(3)), "OverflowError: integer division result too large for a float", "10**400/3"),
        // 10**400*1.0
        (b(Mul, b_(Pow, i(10), i(400)), f(1.0)), "OverflowError: int too large to convert to float", "10**400*1.0"),
        // 2**63 == 2.0**63
        (cmp(Eq, b_(Pow, i(2), i(63)), f(9223372036854775808.0)), "True", "2**63 == 2.0**63"),
        // 2**53+1 > 2.0**53
        (cmp(Gt, i(9007199254740993), f(9007199254740992.0)), "True", "2**53+1 > 2.0**53"),
        // 2**53+1 == 2.0**53
        (cmp(Eq, i(9007199254740993), f(9007199254740992.0)), "False", "2**53+1 == 2.0**53"),
        // 9223372036854775807 + 1
        (b(Add, i(9223372036854775807), i(1)), "9223372036854775808", "9223372036854775807 + 1"),
        // -9223372036854775807 - 2
        (b(Sub, i(-9223372036854775807), i(2)), "-9223372036854775809", "-9223372036854775807 - 2"),
        // 3037000500 * 3037000500
        (b(Mul, i(3037000500), i(3037000500)), "9223372037000250000", "3037000500 * 3037000500"),
        // (-9223372036854775807-1) // -1
        (b(FloorDiv, i(i64::MIN), i(-1)), "9223372036854775808", "(-9223372036854775807-1) // -1"),
        // (-9223372036854775807-1) % -1
        (b(Mod, i(i64::MIN), i(-1)), "0", "(-9223372036854775807-1) % -1"),
        // -(-9223372036854775807-1)
        (neg(&i(i64::MIN)).map(|v| v.repr()).unwrap_or_else(show_err), "9223372036854775808", "-(-9223372036854775807-1)"),
        // 2**64 - 2**64
        (b(Sub, b_(Pow, i(2), i(64)), b_(Pow, i(2), i(64))), "0", "2**64 - 2**64"),
        // -7.5//2
        (b(FloorDiv, f(-7.5), i(2)), "-4.0", "-7.5//2"),
        // -7.5%2
        (b(Mod, f(-7.5), i(2)), "0.5", "-7.5%2"),
        // 7%2.5
        (b(Mod, i(7), f(2.5)), "2.0", "7%2.5"),
        // 7.0%-3
        (b(Mod, f(7.0), i(-3)), "-2.0", "7.0%-3"),
        // -0.0%5
        (b(Mod, f(-0.0), i(5)), "0.0", "-0.0%5"),
        // 0.0//-5
        (b(FloorDiv, f(0.0), i(-5)), "-0.0", "0.0//-5"),
        // 1e308*10 // 1
        (b(FloorDiv, f(f64::INFINITY), i(1)), "nan", "1e308*10 // 1"),
        // 2**-2
        (b(Pow, i(2), i(-2)), "0.25", "2**-2"),
        // 9**0.5
        (b(Pow, i(9), f(0.5)), "3.0", "9**0.5"),
        // (-2)**-1
        (b(Pow, i(-2), i(-1)), "-0.5", "(-2)**-1"),
        // 0**0
        (b(Pow, i(0), i(0)), "1", "0**0"),
        // 0**-1
        (b(Pow, i(0), i(-1)), "ZeroDivisionError: 0.0 cannot be raised to a negative power", "0**-1"),
        // 0.0**-1
        (b(Pow, f(0.0), i(-1)), "ZeroDivisionError: 0.0 cannot be raised to a negative power", "0.0**-1"),
        // 2.0**10000
        (b(Pow, f(2.0), i(10000)), "OverflowError: (34, 'Numerical result out of range')", "2.0**10000"),
        // 1-0.9
        (b(Sub, i(1), f(0.9)), "0.09999999999999998", "1-0.9"),
        // True+True
        (b(Add, bo(true), bo(true)), "2", "True+True"),
        // True*3
        (b(Mul, bo(true), i(3)), "3", "True*3"),
        // True/2
        (b(Div, bo(true), i(2)), "0.5", "True/2"),
        // 1/0
        (b(Div, i(1), i(0)), "ZeroDivisionError: division by zero", "1/0"),
        // 1//0
        (b(FloorDiv, i(1), i(0)), "ZeroDivisionError: integer division or modulo by zero", "1//0"),
        // 1%0
        (b(Mod, i(1), i(0)), "ZeroDivisionError: integer modulo by zero", "1%0"),
        // 1.0/0
        (b(Div, f(1.0), i(0)), "ZeroDivisionError: float division by zero", "1.0/0"),
        // 1.0//0
        (b(FloorDiv, f(1.0), i(0)), "ZeroDivisionError: float floor division by zero", "1.0//0"),
        // 1.0%0
        (b(Mod, f(1.0), i(0)), "ZeroDivisionError: float modulo", "1.0%0"),
        // 1/0.0
        (b(Div, i(1), f(0.0)), "ZeroDivisionError: float division by zero", "1/0.0"),
        // 10**100//0
        (b(FloorDiv, b_(Pow, i(10), i(100)), i(0)), "ZeroDivisionError: integer division or modulo by zero", "10**100//0"),
        // 1 + 'a'
        (b(Add, i(1), s("a")), "TypeError: unsupported operand type(s) for +: 'int' and 'str'", "1 + 'a'"),
        // 'a' + 1
        (b(Add, s("a"), i(1)), "TypeError: can only concatenate str (not \"int\") to str", "'a' + 1"),
        // 'a' + 'b'
        (b(Add, s("a"), s("b")), "'ab'", "'a' + 'b'"),
        // 'ab' * 3
        (b(Mul, s("ab"), i(3)), "'ababab'", "'ab' * 3"),
        // 3 * 'ab'
        (b(Mul, i(3), s("ab")), "'ababab'", "3 * 'ab'"),
        // 'ab' * -1
        (b(Mul, s("ab"), i(-1)), "''", "'ab' * -1"),
        // 'a' * 1.5
        (b(Mul, s("a"), f(1.5)), "TypeError: can't multiply sequence by non-int of type 'float'", "'a' * 1.5"),
        // [1] * 3
        (b(Mul, l(vec![i(1)]), i(3)), "[1, 1, 1]", "[1] * 3"),
        // [1] + [2]
        (b(Add, l(vec![i(1)]), l(vec![i(2)])), "[1, 2]", "[1] + [2]"),
        // (1,) + (2,)
        (b(Add, t(vec![i(1)]), t(vec![i(2)])), "(1, 2)", "(1,) + (2,)"),
        // [1] + (1,)
        (b(Add, l(vec![i(1)]), t(vec![i(1)])), "TypeError: can only concatenate list (not \"tuple\") to list", "[1] + (1,)"),
        // (1,) + [1]
        (b(Add, t(vec![i(1)]), l(vec![i(1)])), "TypeError: can only concatenate tuple (not \"list\") to tuple", "(1,) + [1]"),
        // 'a' - 'b'
        (b(Sub, s("a"), s("b")), "TypeError: unsupported operand type(s) for -: 'str' and 'str'", "'a' - 'b'"),
        // 'a' ** 2
        (b(Pow, s("a"), i(2)), "TypeError: unsupported operand type(s) for ** or pow(): 'str' and 'int'", "'a' ** 2"),
        // None + 1
        (b(Add, Value::None, i(1)), "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'", "None + 1"),
        // [1] * 2.0
        (b(Mul, l(vec![i(1)]), f(2.0)), "TypeError: can't multiply sequence by non-int of type 'float'", "[1] * 2.0"),
        // '%s=%d' % ('a', 3)
        (b(Mod, s("%s=%d"), t(vec![s("a"), i(3)])), "'a=3'", "'%s=%d' % ('a', 3)"),
        // '%.2f|%5d|%-4s|%r' % (2.71823, 42, 'x', 'y')
        (b(Mod, s("%.2f|%5d|%-4s|%r"), t(vec![f(2.71823), i(42), s("x"), s("y")])), "\"2.72|   42|x   |'y'\"", "'%.2f|%5d|%-4s|%r' % (2.71823, 42, 'x', 'y')"),
        // '%d%%' % 50
        (b(Mod, s("%d%%"), i(50)), "'50%'", "'%d%%' % 50"),
        // 'a' % 1
        (b(Mod, s("a"), i(1)), "TypeError: not all arguments converted during string formatting", "'a' % 1"),
        // -'a'
        (neg(&s("a")).map(|v| v.repr()).unwrap_or_else(show_err), "TypeError: bad operand type for unary -: 'str'", "-'a'"),
        // +'a'
        (pos(&s("a")).map(|v| v.repr()).unwrap_or_else(show_err), "TypeError: bad operand type for unary +: 'str'", "+'a'"),
        // -True
        (neg(&bo(true)).map(|v| v.repr()).unwrap_or_else(show_err), "-1", "-True"),
        // round(2.5)
        (call("round", vec![f(2.5)]), "2", "round(2.5)"),
        // round(3.5)
        (call("round", vec![f(3.5)]), "4", "round(3.5)"),
        // round(-0.5)
        (call("round", vec![f(-0.5)]), "0", "round(-0.5)"),
        // round(-1.5)
        (call("round", vec![f(-1.5)]), "-2", "round(-1.5)"),
        // round(2.675,2)
        (call("round", vec![f(2.675), i(2)]), "2.67", "round(2.675,2)"),
        // round(0.125,2)
        (call("round", vec![f(0.125), i(2)]), "0.12", "round(0.125,2)"),
        // round(0.375,2)
        (call("round", vec![f(0.375), i(2)]), "0.38", "round(0.375,2)"),
        // round(1.23456, 3)
        (call("round", vec![f(1.23456), i(3)]), "1.235", "round(1.23456, 3)"),
        // round(-0.001, 2)
        (call("round", vec![f(-0.001), i(2)]), "-0.0", "round(-0.001, 2)"),
        // round(1250.0, -2)
        (call("round", vec![f(1250.0), i(-2)]), "1200.0", "round(1250.0, -2)"),
        // round(1e20)
        (call("round", vec![f(1e20)]), "100000000000000000000", "round(1e20)"),
        // round(1234, -2)
        (call("round", vec![i(1234), i(-2)]), "1200", "round(1234, -2)"),
        // round(1250, -2)
        (call("round", vec![i(1250), i(-2)]), "1200", "round(1250, -2)"),
        // round(1350, -2)
        (call("round", vec![i(1350), i(-2)]), "1400", "round(1350, -2)"),
        // round(7, 2)
        (call("round", vec![i(7), i(2)]), "7", "round(7, 2)"),
        // round(float('inf'))
        (call("round", vec![f(f64::INFINITY)]), "OverflowError: cannot convert float infinity to integer", "round(float('inf'))"),
        // round(float('nan'))
        (call("round", vec![f(f64::NAN)]), "ValueError: cannot convert float NaN to integer", "round(float('nan'))"),
        // round('a')
        (call("round", vec![s("a")]), "TypeError: type str doesn't define __round__ method", "round('a')"),
        // int(-3.7)
        (call("int", vec![f(-3.7)]), "-3", "int(-3.7)"),
        // int(3.99)
        (call("int", vec![f(3.99)]), "3", "int(3.99)"),
        // int(1e20)
        (call("int", vec![f(1e20)]), "100000000000000000000", "int(1e20)"),
        // int(' 42 ')
        (call("int", vec![s(" 42 ")]), "42", "int(' 42 ')"),
        // int('-1_000')
        (call("int", vec![s("-1_000")]), "-1000", "int('-1_000')"),
        // int('+7')
        (call("int", vec![s("+7")]), "7", "int('+7')"),
        // int('3.50')
        (call("int", vec![s("3.50")]), "ValueError: invalid literal for int() with base 10: '3.50'", "int('3.50')"),
        // int('')
        (call("int", vec![s("")]), "ValueError: invalid literal for int() with base 10: ''", "int('')"),
        // int('1__0')
        (call("int", vec![s("1__0")]), "ValueError: invalid literal for int() with base 10: '1__0'", "int('1__0')"),
        // int('99999999999999999999999')
        (call("int", vec![s("99999999999999999999999")]), "99999999999999999999999", "int('99999999999999999999999')"),
        // int('ff', 16)
        (call("int", vec![s("ff"), i(16)]), "255", "int('ff', 16)"),
        // int('0x1f', 0)
        (call("int", vec![s("0x1f"), i(0)]), "31", "int('0x1f', 0)"),
        // int('x', 1)
        (call("int", vec![s("x"), i(1)]), "ValueError: int() base must be >= 2 and <= 36, or 0", "int('x', 1)"),
        // int(True)
        (call("int", vec![bo(true)]), "1", "int(True)"),
        // int(float('inf'))
        (call("int", vec![f(f64::INFINITY)]), "OverflowError: cannot convert float infinity to integer", "int(float('inf'))"),
        // int(float('nan'))
        (call("int", vec![f(f64::NAN)]), "ValueError: cannot convert float NaN to integer", "int(float('nan'))"),
        // int([])
        (call("int", vec![l(vec![])]), "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'", "int([])"),
        // int()
        (call("int", vec![]), "0", "int()"),
        // int(1,2,3)
        (call("int", vec![i(1), i(2), i(3)]), "TypeError: int() takes at most 2 arguments (3 given)", "int(1,2,3)"),
        // abs(-5)
        (call("abs", vec![i(-5)]), "5", "abs(-5)"),
        // abs(-0.0)
        (call("abs", vec![f(-0.0)]), "0.0", "abs(-0.0)"),
        // abs(True)
        (call("abs", vec![bo(true)]), "1", "abs(True)"),
        // abs('a')
        (call("abs", vec![s("a")]), "TypeError: bad operand type for abs(): 'str'", "abs('a')"),
        // abs()
        (call("abs", vec![]), "TypeError: abs() takes exactly one argument (0 given)", "abs()"),
        // len('héllo')
        (call("len", vec![s("héllo")]), "5", "len('héllo')"),
        // len(range(0, 10, 3))
        (call("len", vec![Value::Range(0, 10, 3)]), "4", "len(range(0, 10, 3))"),
        // len(1)
        (call("len", vec![i(1)]), "TypeError: object of type 'int' has no len()", "len(1)"),
        // len(1, 2)
        (call("len", vec![i(1), i(2)]), "TypeError: len() takes exactly one argument (2 given)", "len(1, 2)"),
        // len()
        (call("len", vec![]), "TypeError: len() takes exactly one argument (0 given)", "len()"),
        // sum([1, 2, 3])
        (call("sum", vec![l(vec![i(1), i(2), i(3)])]), "6", "sum([1, 2, 3])"),
        // sum([0.1]*10)
        (call("sum", vec![l(vec![f(0.1); 10])]), "0.9999999999999999", "sum([0.1]*10)"),
        // sum([1, 2], 10)
        (call("sum", vec![l(vec![i(1), i(2)]), i(10)]), "13", "sum([1, 2], 10)"),
        // sum([[1], [2]], [])
        (call("sum", vec![l(vec![l(vec![i(1)]), l(vec![i(2)])]), l(vec![])]), "[1, 2]", "sum([[1], [2]], [])"),
        // sum(['a'], '')
        (call("sum", vec![l(vec![s("a")]), s("")]), "TypeError: sum() can't sum strings [use ''.join(seq) instead]", "sum(['a'], '')"),
        // sum([1, 'a'])
        (call("sum", vec![l(vec![i(1), s("a")])]), "TypeError: unsupported operand type(s) for +: 'int' and 'str'", "sum([1, 'a'])"),
        // sum()
        (call("sum", vec![]), "TypeError: sum() takes at least 1 positional argument (0 given)", "sum()"),
        // sum(1, 2, 3)
        (call("sum", vec![i(1), i(2), i(3)]), "TypeError: sum() takes at most 2 arguments (3 given)", "sum(1, 2, 3)"),
        // min([3, 1, 2])
        (call("min", vec![l(vec![i(3), i(1), i(2)])]), "1", "min([3, 1, 2])"),
        // max(3, 1, 2)
        (call("max", vec![i(3), i(1), i(2)]), "3", "max(3, 1, 2)"),
        // max([('a', 2), ('b', 1), ('a', 3)])
        (call("max", vec![l(vec![t(vec![s("a"), i(2)]), t(vec![s("b"), i(1)]), t(vec![s("a"), i(3)])])]), "('b', 1)", "max([('a', 2), ('b', 1), ('a', 3)])"),
        // min([('a', 2), ('b', 1), ('a', 3)])
        (call("min", vec![l(vec![t(vec![s("a"), i(2)]), t(vec![s("b"), i(1)]), t(vec![s("a"), i(3)])])]), "('a', 2)", "min([('a', 2), ('b', 1), ('a', 3)])"),
        // max([1, 2.5, True])
        (call("max", vec![l(vec![i(1), f(2.5), bo(true)])]), "2.5", "max([1, 2.5, True])"),
        // max([1, 1.0])
        (call("max", vec![l(vec![i(1), f(1.0)])]), "1", "max([1, 1.0])"),
        // min([])
        (call("min", vec![l(vec![])]), "ValueError: min() arg is an empty sequence", "min([])"),
        // max([])
        (call("max", vec![l(vec![])]), "ValueError: max() arg is an empty sequence", "max([])"),
        // max([], default=0)
        (callkw("max", vec![l(vec![])], vec![("default", i(0))]), "0", "max([], default=0)"),
        // max(1)
        (call("max", vec![i(1)]), "TypeError: 'int' object is not iterable", "max(1)"),
        // min()
        (call("min", vec![]), "TypeError: min expected at least 1 argument, got 0", "min()"),
        // max([1, 'a'])
        (call("max", vec![l(vec![i(1), s("a")])]), "TypeError: '>' not supported between instances of 'str' and 'int'", "max([1, 'a'])"),
        // max(['aa', 'b', 'cc'], key=len)
        (callkw("max", vec![l(vec![s("aa"), s("b"), s("cc")])], vec![("key", builtin("len"))]), "'aa'", "max(['aa', 'b', 'cc'], key=len)"),
        // min(['aa', 'b', 'cc'], key=len)
        (callkw("min", vec![l(vec![s("aa"), s("b"), s("cc")])], vec![("key", builtin("len"))]), "'b'", "min(['aa', 'b', 'cc'], key=len)"),
        // sorted([3, 1, 2])
        (call("sorted", vec![l(vec![i(3), i(1), i(2)])]), "[1, 2, 3]", "sorted([3, 1, 2])"),
        // sorted('banana')
        (call("sorted", vec![s("banana")]), "['a', 'a', 'a', 'b', 'n', 'n']", "sorted('banana')"),
        // sorted([3, 1, 2], reverse=True)
        (callkw("sorted", vec![l(vec![i(3), i(1), i(2)])], vec![("reverse", bo(true))]), "[3, 2, 1]", "sorted([3, 1, 2], reverse=True)"),
        // sorted([('b',2),('a',2),('c',1),('B',3)])
        (call("sorted", vec![l(vec![t(vec![s("b"), i(2)]), t(vec![s("a"), i(2)]), t(vec![s("c"), i(1)]), t(vec![s("B"), i(3)])])]), "[('B', 3), ('a', 2), ('b', 2), ('c', 1)]", "sorted([('b',2),('a',2),('c',1),('B',3)])"),
        // sorted([('b',2),('a',2),('c',1),('B',3)], key=lambda kv: kv[1])
        (callkw("sorted", vec![l(vec![t(vec![s("b"), i(2)]), t(vec![s("a"), i(2)]), t(vec![s("c"), i(1)]), t(vec![s("B"), i(3)])])], vec![("key", second())]), "[('c', 1), ('b', 2), ('a', 2), ('B', 3)]", "sorted([('b',2),('a',2),('c',1),('B',3)], key=lambda kv: kv[1])"),
        // sorted([('b',2),('a',2),('c',1),('B',3)], key=lambda kv: kv[1], reverse=True)
        (callkw("sorted", vec![l(vec![t(vec![s("b"), i(2)]), t(vec![s("a"), i(2)]), t(vec![s("c"), i(1)]), t(vec![s("B"), i(3)])])], vec![("key", second()), ("reverse", bo(true))]), "[('B', 3), ('b', 2), ('a', 2), ('c', 1)]", "sorted([('b',2),('a',2),('c',1),('B',3)], key=lambda kv: kv[1], reverse=True)"),
        // sorted([('b',2),('a',2),('c',1),('B',3)], reverse=True)
        (callkw("sorted", vec![l(vec![t(vec![s("b"), i(2)]), t(vec![s("a"), i(2)]), t(vec![s("c"), i(1)]), t(vec![s("B"), i(3)])])], vec![("reverse", bo(true))]), "[('c', 1), ('b', 2), ('a', 2), ('B', 3)]", "sorted([('b',2),('a',2),('c',1),('B',3)], reverse=True)"),
        // sorted(list(range(40)) * 2, key=lambda x: x % 3)
        (callkw("sorted", vec![b_(Mul, call_("list", vec![Value::Range(0, 40, 1)]), i(2))], vec![("key", mod3())]), "[0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35, 38, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35, 38]", "sorted(list(range(40)) * 2, key=lambda x: x % 3)"),
        // sorted([1, 'a'])
        (call("sorted", vec![l(vec![i(1), s("a")])]), "TypeError: '<' not supported between instances of 'str' and 'int'", "sorted([1, 'a'])"),
        // sorted([None, None])
        (call("sorted", vec![l(vec![Value::None, Value::None])]), "TypeError: '<' not supported between instances of 'NoneType' and 'NoneType'", "sorted([None, None])"),
        // sorted()
        (call("sorted", vec![]), "TypeError: sorted expected 1 argument, got 0", "sorted()"),
        // sorted([2, 1], 1)
        (call("sorted", vec![l(vec![i(2), i(1)]), i(1)]), "TypeError: sorted expected 1 argument, got 2", "sorted([2, 1], 1)"),
        // sorted([3.5, 1, True, -2])
        (call("sorted", vec![l(vec![f(3.5), i(1), bo(true), i(-2)])]), "[-2, 1, True, 3.5]", "sorted([3.5, 1, True, -2])"),
        // sorted({'b': 1, 'a': 2})
        (call("sorted", vec![call_("dict", vec![l(vec![t(vec![s("b"), i(1)]), t(vec![s("a"), i(2)])])])]), "['a', 'b']", "sorted({'b': 1, 'a': 2})"),
        // str(1.0)
        (call("str", vec![f(1.0)]), "'1.0'", "str(1.0)"),
        // str('x')
        (call("str", vec![s("x")]), "'x'", "str('x')"),
        // str(None)
        (call("str", vec![Value::None]), "'None'", "str(None)"),
        // str()
        (call("str", vec![]), "''", "str()"),
        // bool([])
        (call("bool", vec![l(vec![])]), "False", "bool([])"),
        // bool('0')
        (call("bool", vec![s("0")]), "True", "bool('0')"),
        // bool(0.0)
        (call("bool", vec![f(0.0)]), "False", "bool(0.0)"),
        // bool(1, 2)
        (call("bool", vec![i(1), i(2)]), "TypeError: bool expected at most 1 argument, got 2", "bool(1, 2)"),
        // list('abc')
        (call("list", vec![s("abc")]), "['a', 'b', 'c']", "list('abc')"),
        // list(range(3))
        (call("list", vec![Value::Range(0, 3, 1)]), "[0, 1, 2]", "list(range(3))"),
        // list(range(10, 0, -3))
        (call("list", vec![Value::Range(10, 0, -3)]), "[10, 7, 4, 1]", "list(range(10, 0, -3))"),
        // list(1)
        (call("list", vec![i(1)]), "TypeError: 'int' object is not iterable", "list(1)"),
        // list(1, 2)
        (call("list", vec![i(1), i(2)]), "TypeError: list expected at most 1 argument, got 2", "list(1, 2)"),
        // tuple([1, 2])
        (call("tuple", vec![l(vec![i(1), i(2)])]), "(1, 2)", "tuple([1, 2])"),
        // tuple(1)
        (call("tuple", vec![i(1)]), "TypeError: 'int' object is not iterable", "tuple(1)"),
        // range(3)
        (call("range", vec![i(3)]), "range(0, 3)", "range(3)"),
        // range(0, 10, 2)
        (call("range", vec![i(0), i(10), i(2)]), "range(0, 10, 2)", "range(0, 10, 2)"),
        // range(1, 5)
        (call("range", vec![i(1), i(5)]), "range(1, 5)", "range(1, 5)"),
        // range(1.5)
        (call("range", vec![f(1.5)]), "TypeError: 'float' object cannot be interpreted as an integer", "range(1.5)"),
        // range(1, 2, 0)
        (call("range", vec![i(1), i(2), i(0)]), "ValueError: range() arg 3 must not be zero", "range(1, 2, 0)"),
        // range()
        (call("range", vec![]), "TypeError: range expected at least 1 argument, got 0", "range()"),
        // range(1, 2, 3, 4)
        (call("range", vec![i(1), i(2), i(3), i(4)]), "TypeError: range expected at most 3 arguments, got 4", "range(1, 2, 3, 4)"),
        // list(enumerate(['a', 'b']))
        (call("enumerate", vec![l(vec![s("a"), s("b")])]), "[(0, 'a'), (1, 'b')]", "list(enumerate(['a', 'b']))"),
        // list(enumerate('ab', 1))
        (call("enumerate", vec![s("ab"), i(1)]), "[(1, 'a'), (2, 'b')]", "list(enumerate('ab', 1))"),
        // list(zip([1, 2, 3], 'ab'))
        (call("zip", vec![l(vec![i(1), i(2), i(3)]), s("ab")]), "[(1, 'a'), (2, 'b')]", "list(zip([1, 2, 3], 'ab'))"),
        // list(zip())
        (call("zip", vec![]), "[]", "list(zip())"),
        // list(zip(1))
        (call("zip", vec![i(1)]), "TypeError: 'int' object is not iterable", "list(zip(1))"),
        // any([0, '', 1])
        (call("any", vec![l(vec![i(0), s(""), i(1)])]), "True", "any([0, '', 1])"),
        // all([])
        (call("all", vec![l(vec![])]), "True", "all([])"),
        // all([1, 0])
        (call("all", vec![l(vec![i(1), i(0)])]), "False", "all([1, 0])"),
        // any(1)
        (call("any", vec![i(1)]), "TypeError: 'int' object is not iterable", "any(1)"),
        // dict([('a', 1), ('b', 2)])
        (call("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "{'a': 1, 'b': 2}", "dict([('a', 1), ('b', 2)])"),
        // dict([(1, 'x'), (1.0, 'y'), (True, 'z')])
        (call("dict", vec![l(vec![t(vec![i(1), s("x")]), t(vec![f(1.0), s("y")]), t(vec![bo(true), s("z")])])]), "{1: 'z'}", "dict([(1, 'x'), (1.0, 'y'), (True, 'z')])"),
        // dict([(1,2,3)])
        (call("dict", vec![l(vec![t(vec![i(1), i(2), i(3)])])]), "ValueError: dictionary update sequence element #0 has length 3; 2 is required", "dict([(1,2,3)])"),
        // dict([1])
        (call("dict", vec![l(vec![i(1)])]), "TypeError: cannot convert dictionary update sequence element #0 to a sequence", "dict([1])"),
        // dict([([1], 2)])
        (call("dict", vec![l(vec![t(vec![l(vec![i(1)]), i(2)])])]), "TypeError: unhashable type: 'list'", "dict([([1], 2)])"),
        // dict(a=1)
        (callkw("dict", vec![], vec![("a", i(1))]), "{'a': 1}", "dict(a=1)"),
        // divmod(7, -2)
        (call("divmod", vec![i(7), i(-2)]), "(-4, -1)", "divmod(7, -2)"),
        // divmod(-7.5, 2)
        (call("divmod", vec![f(-7.5), i(2)]), "(-4.0, 0.5)", "divmod(-7.5, 2)"),
        // pow(2, 10)
        (call("pow", vec![i(2), i(10)]), "1024", "pow(2, 10)"),
        // pow(3, 4, 5)
        (call("pow", vec![i(3), i(4), i(5)]), "1", "pow(3, 4, 5)"),
        // ord('é')
        (call("ord", vec![s("é")]), "233", "ord('é')"),
        // chr(233)
        (call("chr", vec![i(233)]), "'é'", "chr(233)"),
        // repr('a')
        (call("repr", vec![s("a")]), "\"'a'\"", "repr('a')"),
        // list(reversed([1, 2, 3]))
        (call("reversed", vec![l(vec![i(1), i(2), i(3)])]), "[3, 2, 1]", "list(reversed([1, 2, 3]))"),
        // list(map(len, ['a', 'bb']))
        (call("map", vec![builtin("len"), l(vec![s("a"), s("bb")])]), "[1, 2]", "list(map(len, ['a', 'bb']))"),
        // list(filter(None, [0, 1, '', 'a']))
        (call("filter", vec![Value::None, l(vec![i(0), i(1), s(""), s("a")])]), "[1, 'a']", "list(filter(None, [0, 1, '', 'a']))"),
        // hash('spark')
        (call("hash", vec![s("spark")]), "226417650480810963", "hash('spark')"),
        // hash([])
        (call("hash", vec![l(vec![])]), "TypeError: unhashable type: 'list'", "hash([])"),
        // len
        (r(builtin("len")), "<built-in function len>", "len"),
        // "it's"
        (r(s("it's")), "\"it's\"", "\"it's\""),
        // 'say "hi"'
        (r(s("say \"hi\"")), "'say \"hi\"'", "'say \"hi\"'"),
        // "both ' and \""
        (r(s("both ' and \"")), "'both \\' and \"'", "\"both ' and \\\"\""),
        // "tab\there"
        (r(s("tab\there")), "'tab\\there'", "\"tab\\there\""),
        // "line\nbreak"
        (r(s("line\nbreak")), "'line\\nbreak'", "\"line\\nbreak\""),
        // "cr\rx"
        (r(s("cr\rx")), "'cr\\rx'", "\"cr\\rx\""),
        // "back\\slash"
        (r(s("back\\slash")), "'back\\\\slash'", "\"back\\\\slash\""),
        // "bell\x07 del\x7f nbsp\xa0 zw\u200b x\x85"
        (r(s("bell\x07 del\x7f nbsp\u{a0} zw\u{200b} x\u{85}")), "'bell\\x07 del\\x7f nbsp\\xa0 zw\\u200b x\\x85'", "\"bell\\x07 del\\x7f nbsp\\xa0 zw\\u200b x\\x85\""),
        // "café"
        (r(s("café")), "'café'", "\"café\""),
        // "日本語"
        (r(s("日本語")), "'日本語'", "\"日本語\""),
        // "emoji 😀"
        (r(s("emoji 😀")), "'emoji 😀'", "\"emoji 😀\""),
        // ""
        (r(s("")), "''", "\"\""),
        // (1,)
        (r(t(vec![i(1)])), "(1,)", "(1,)"),
        // ()
        (r(t(vec![])), "()", "()"),
        // [[]]
        (r(l(vec![l(vec![])])), "[[]]", "[[]]"),
        // ("a", (1, [2, (3,)]))
        (r(t(vec![s("a"), t(vec![i(1), l(vec![i(2), t(vec![i(3)])])])])), "('a', (1, [2, (3,)]))", "(\"a\", (1, [2, (3,)]))"),
        // (None, True, False)
        (r(t(vec![Value::None, bo(true), bo(false)])), "(None, True, False)", "(None, True, False)"),
        // {'a': 1}
        (r(call_("dict", vec![l(vec![t(vec![s("a"), i(1)])])])), "{'a': 1}", "{'a': 1}"),
        // {}
        (r(call_("dict", vec![])), "{}", "{}"),
        // {'a': [1, 2.5], 2: (None,)}
        (r(call_("dict", vec![l(vec![t(vec![s("a"), l(vec![i(1), f(2.5)])]), t(vec![i(2), t(vec![Value::None])])])])), "{'a': [1, 2.5], 2: (None,)}", "{'a': [1, 2.5], 2: (None,)}"),
        // str('x')
        (ts(s("x")), "x", "str('x')"),
        // str(['x'])
        (ts(l(vec![s("x")])), "['x']", "str(['x'])"),
        // str(1.5)
        (ts(f(1.5)), "1.5", "str(1.5)"),
        // 'a' < 1
        (cmp(Lt, s("a"), i(1)), "TypeError: '<' not supported between instances of 'str' and 'int'", "'a' < 1"),
        // 'a' > 1
        (cmp(Gt, s("a"), i(1)), "TypeError: '>' not supported between instances of 'str' and 'int'", "'a' > 1"),
        // None < None
        (cmp(Lt, Value::None, Value::None), "TypeError: '<' not supported between instances of 'NoneType' and 'NoneType'", "None < None"),
        // [1] < (1,)
        (cmp(Lt, l(vec![i(1)]), t(vec![i(1)])), "TypeError: '<' not supported between instances of 'list' and 'tuple'", "[1] < (1,)"),
        // (1, 2) < (1, 3)
        (cmp(Lt, t(vec![i(1), i(2)]), t(vec![i(1), i(3)])), "True", "(1, 2) < (1, 3)"),
        // (1, 2) < (1,)
        (cmp(Lt, t(vec![i(1), i(2)]), t(vec![i(1)])), "False", "(1, 2) < (1,)"),
        // (1, 'a') < (1, 2)
        (cmp(Lt, t(vec![i(1), s("a")]), t(vec![i(1), i(2)])), "TypeError: '<' not supported between instances of 'str' and 'int'", "(1, 'a') < (1, 2)"),
        // (2, 'a') < (1, 2)
        (cmp(Lt, t(vec![i(2), s("a")]), t(vec![i(1), i(2)])), "False", "(2, 'a') < (1, 2)"),
        // 'B' < 'a'
        (cmp(Lt, s("B"), s("a")), "True", "'B' < 'a'"),
        // 'é' > 'z'
        (cmp(Gt, s("é"), s("z")), "True", "'é' > 'z'"),
        // 1 == 1.0
        (cmp(Eq, i(1), f(1.0)), "True", "1 == 1.0"),
        // True == 1
        (cmp(Eq, bo(true), i(1)), "True", "True == 1"),
        // 1 == '1'
        (cmp(Eq, i(1), s("1")), "False", "1 == '1'"),
        // [1, 2] == [1, 2.0]
        (cmp(Eq, l(vec![i(1), i(2)]), l(vec![i(1), f(2.0)])), "True", "[1, 2] == [1, 2.0]"),
        // [1] == (1,)
        (cmp(Eq, l(vec![i(1)]), t(vec![i(1)])), "False", "[1] == (1,)"),
        // float('nan') == float('nan')
        (cmp(Eq, f(f64::NAN), f(f64::NAN)), "False", "float('nan') == float('nan')"),
        // float('nan') < 1
        (cmp(Lt, f(f64::NAN), i(1)), "False", "float('nan') < 1"),
        // 1 <= 1.0
        (cmp(LtE, i(1), f(1.0)), "True", "1 <= 1.0"),
        // 2 >= 3
        (cmp(GtE, i(2), i(3)), "False", "2 >= 3"),
        // None == None
        (cmp(Eq, Value::None, Value::None), "True", "None == None"),
        // None != 0
        (cmp(NotEq, Value::None, i(0)), "True", "None != 0"),
        // 'ell' in 'hello'
        (cmp(In, s("ell"), s("hello")), "True", "'ell' in 'hello'"),
        // 1 in 'a'
        (cmp(In, i(1), s("a")), "TypeError: 'in <string>' requires string as left operand, not int", "1 in 'a'"),
        // 2.0 in [1, 2]
        (cmp(In, f(2.0), l(vec![i(1), i(2)])), "True", "2.0 in [1, 2]"),
        // 3 not in (1, 2)
        (cmp(NotIn, i(3), t(vec![i(1), i(2)])), "True", "3 not in (1, 2)"),
        // 'a' in {'a': 1}
        (cmp(In, s("a"), call_("dict", vec![l(vec![t(vec![s("a"), i(1)])])])), "True", "'a' in {'a': 1}"),
        // [1] in {'a': 1}
        (cmp(In, l(vec![i(1)]), call_("dict", vec![l(vec![t(vec![s("a"), i(1)])])])), "TypeError: unhashable type: 'list'", "[1] in {'a': 1}"),
        // 4 in range(0, 10, 2)
        (cmp(In, i(4), Value::Range(0, 10, 2)), "True", "4 in range(0, 10, 2)"),
        // 5 in range(0, 10, 2)
        (cmp(In, i(5), Value::Range(0, 10, 2)), "False", "5 in range(0, 10, 2)"),
        // -3 in range(0, -10, -3)
        (cmp(In, i(-3), Value::Range(0, -10, -3)), "True", "-3 in range(0, -10, -3)"),
        // 1 in 1
        (cmp(In, i(1), i(1)), "TypeError: argument of type 'int' is not iterable", "1 in 1"),
        // None is None
        (cmp(Is, Value::None, Value::None), "True", "None is None"),
        // 1 is not None
        (cmp(IsNot, i(1), Value::None), "True", "1 is not None"),
        // 'streaming'[::-1]
        (sl(s("streaming"), None, None, Some(i(-1))), "'gnimaerts'", "'streaming'[::-1]"),
        // 'streaming'[1:100]
        (sl(s("streaming"), Some(i(1)), Some(i(100)), None), "'treaming'", "'streaming'[1:100]"),
        // 'streaming'[5:2]
        (sl(s("streaming"), Some(i(5)), Some(i(2)), None), "''", "'streaming'[5:2]"),
        // 'streaming'[-2:]
        (sl(s("streaming"), Some(i(-2)), None, None), "'ng'", "'streaming'[-2:]"),
        // 'streaming'[-100:3]
        (sl(s("streaming"), Some(i(-100)), Some(i(3)), None), "'str'", "'streaming'[-100:3]"),
        // 'streaming'[::2]
        (sl(s("streaming"), None, None, Some(i(2))), "'sraig'", "'streaming'[::2]"),
        // 'streaming'[7:1:-2]
        (sl(s("streaming"), Some(i(7)), Some(i(1)), Some(i(-2))), "'nme'", "'streaming'[7:1:-2]"),
        // 'streaming'[::-100]
        (sl(s("streaming"), None, None, Some(i(-100))), "'g'", "'streaming'[::-100]"),
        // 'streaming'[::0]
        (sl(s("streaming"), None, None, Some(i(0))), "ValueError: slice step cannot be zero", "'streaming'[::0]"),
        // 'streaming'['a':]
        (sl(s("streaming"), Some(s("a")), None, None), "TypeError: slice indices must be integers or None or have an __index__ method", "'streaming'['a':]"),
        // 'café'[1:]
        (sl(s("café"), Some(i(1)), None, None), "'afé'", "'café'[1:]"),
        // 'café'[::-1]
        (sl(s("café"), None, None, Some(i(-1))), "'éfac'", "'café'[::-1]"),
        // [1, 2, 3, 4][1:3]
        (sl(l(vec![i(1), i(2), i(3), i(4)]), Some(i(1)), Some(i(3)), None), "[2, 3]", "[1, 2, 3, 4][1:3]"),
        // (1, 2, 3, 4)[::-2]
        (sl(t(vec![i(1), i(2), i(3), i(4)]), None, None, Some(i(-2))), "(4, 2)", "(1, 2, 3, 4)[::-2]"),
        // (1, 2, 3)[None:None]
        (sl(t(vec![i(1), i(2), i(3)]), Some(Value::None), Some(Value::None), None), "(1, 2, 3)", "(1, 2, 3)[None:None]"),
        // range(10)[2:8:3]
        (sl(Value::Range(0, 10, 1), Some(i(2)), Some(i(8)), Some(i(3))), "range(2, 8, 3)", "range(10)[2:8:3]"),
        // range(10)[::-1]
        (sl(Value::Range(0, 10, 1), None, None, Some(i(-1))), "range(9, -1, -1)", "range(10)[::-1]"),
        // range(10)[1:100]
        (sl(Value::Range(0, 10, 1), Some(i(1)), Some(i(100)), None), "range(1, 10)", "range(10)[1:100]"),
        // 'abc'[-1]
        (sub(s("abc"), i(-1)), "'c'", "'abc'[-1]"),
        // 'abc'[5]
        (sub(s("abc"), i(5)), "IndexError: string index out of range", "'abc'[5]"),
        // 'abc'[True]
        (sub(s("abc"), bo(true)), "'b'", "'abc'[True]"),
        // 'abc'['x']
        (sub(s("abc"), s("x")), "TypeError: string indices must be integers, not 'str'", "'abc'['x']"),
        // '日本語'[1]
        (sub(s("日本語"), i(1)), "'本'", "'日本語'[1]"),
        // (1, 2)[-2]
        (sub(t(vec![i(1), i(2)]), i(-2)), "1", "(1, 2)[-2]"),
        // (1,)[5]
        (sub(t(vec![i(1)]), i(5)), "IndexError: tuple index out of range", "(1,)[5]"),
        // [1][5]
        (sub(l(vec![i(1)]), i(5)), "IndexError: list index out of range", "[1][5]"),
        // [1][-2]
        (sub(l(vec![i(1)]), i(-2)), "IndexError: list index out of range", "[1][-2]"),
        // [1]['x']
        (sub(l(vec![i(1)]), s("x")), "TypeError: list indices must be integers or slices, not str", "[1]['x']"),
        // (1,)['x']
        (sub(t(vec![i(1)]), s("x")), "TypeError: tuple indices must be integers or slices, not str", "(1,)['x']"),
        // [1][1.0]
        (sub(l(vec![i(1)]), f(1.0)), "TypeError: list indices must be integers or slices, not float", "[1][1.0]"),
        // range(3)['x']
        (sub(Value::Range(0, 3, 1), s("x")), "TypeError: range indices must be integers or slices, not str", "range(3)['x']"),
        // range(3)[5]
        (sub(Value::Range(0, 3, 1), i(5)), "IndexError: range object index out of range", "range(3)[5]"),
        // range(0, 10, 3)[-1]
        (sub(Value::Range(0, 10, 3), i(-1)), "9", "range(0, 10, 3)[-1]"),
        // {'a': 1}['a']
        (sub(call_("dict", vec![l(vec![t(vec![s("a"), i(1)])])]), s("a")), "1", "{'a': 1}['a']"),
        // {'a': 1}['x']
        (sub(call_("dict", vec![l(vec![t(vec![s("a"), i(1)])])]), s("x")), "KeyError: 'x'", "{'a': 1}['x']"),
        // {1: 'one'}[1.0]
        (sub(call_("dict", vec![l(vec![t(vec![i(1), s("one")])])]), f(1.0)), "'one'", "{1: 'one'}[1.0]"),
        // {1: 'one'}[True]
        (sub(call_("dict", vec![l(vec![t(vec![i(1), s("one")])])]), bo(true)), "'one'", "{1: 'one'}[True]"),
        // {(1, 'a'): 2}[(1, 'a')]
        (sub(call_("dict", vec![l(vec![t(vec![t(vec![i(1), s("a")]), i(2)])])]), t(vec![i(1), s("a")])), "2", "{(1, 'a'): 2}[(1, 'a')]"),
        // {}[[1]]
        (sub(call_("dict", vec![]), l(vec![i(1)])), "TypeError: unhashable type: 'list'", "{}[[1]]"),
        // {}[(1, 2)]
        (sub(call_("dict", vec![]), t(vec![i(1), i(2)])), "KeyError: (1, 2)", "{}[(1, 2)]"),
        // 1[0]
        (sub(i(1), i(0)), "TypeError: 'int' object is not subscriptable", "1[0]"),
        // '  Hello World  '.strip()
        (m(s("  Hello World  "), "strip", vec![]), "'Hello World'", "'  Hello World  '.strip()"),
        // '  Hello World  '.lstrip()
        (m(s("  Hello World  "), "lstrip", vec![]), "'Hello World  '", "'  Hello World  '.lstrip()"),
        // '  Hello World  '.rstrip()
        (m(s("  Hello World  "), "rstrip", vec![]), "'  Hello World'", "'  Hello World  '.rstrip()"),
        // '  Hello World  '.lower()
        (m(s("  Hello World  "), "lower", vec![]), "'  hello world  '", "'  Hello World  '.lower()"),
        // '  Hello World  '.upper()
        (m(s("  Hello World  "), "upper", vec![]), "'  HELLO WORLD  '", "'  Hello World  '.upper()"),
        // '  Hello World  '.split()
        (m(s("  Hello World  "), "split", vec![]), "['Hello', 'World']", "'  Hello World  '.split()"),
        // '  Hello World  '.split(' ')
        (m(s("  Hello World  "), "split", vec![s(" ")]), "['', '', 'Hello', 'World', '', '']", "'  Hello World  '.split(' ')"),
        // '  Hello World  '.split(None, 1)
        (m(s("  Hello World  "), "split", vec![Value::None, i(1)]), "['Hello', 'World  ']", "'  Hello World  '.split(None, 1)"),
        // '  Hello World  '.rsplit(None, 1)
        (m(s("  Hello World  "), "rsplit", vec![Value::None, i(1)]), "['  Hello', 'World']", "'  Hello World  '.rsplit(None, 1)"),
        // '  Hello World  '.find('World')
        (m(s("  Hello World  "), "find", vec![s("World")]), "8", "'  Hello World  '.find('World')"),
        // '  Hello World  '.find('x')
        (m(s("  Hello World  "), "find", vec![s("x")]), "-1", "'  Hello World  '.find('x')"),
        // '  Hello World  '.count('l')
        (m(s("  Hello World  "), "count", vec![s("l")]), "3", "'  Hello World  '.count('l')"),
        // '  Hello World  '.replace('l', 'L')
        (m(s("  Hello World  "), "replace", vec![s("l"), s("L")]), "'  HeLLo WorLd  '", "'  Hello World  '.replace('l', 'L')"),
        // '  Hello World  '.replace('l', 'L', 2)
        (m(s("  Hello World  "), "replace", vec![s("l"), s("L"), i(2)]), "'  HeLLo World  '", "'  Hello World  '.replace('l', 'L', 2)"),
        // '  Hello World  '.strip().startswith('Hell')
        (m(s("Hello World"), "startswith", vec![s("Hell")]), "True", "'  Hello World  '.strip().startswith('Hell')"),
        // '  Hello World  '.strip(' Hd')
        (m(s("  Hello World  "), "strip", vec![s(" Hd")]), "'ello Worl'", "'  Hello World  '.strip(' Hd')"),
        // '  Hello World  '.title()
        (m(s("  Hello World  "), "title", vec![]), "'  Hello World  '", "'  Hello World  '.title()"),
        // '  Hello World  '.isspace()
        (m(s("  Hello World  "), "isspace", vec![]), "False", "'  Hello World  '.isspace()"),
        // '  Hello World  '.lowr()
        (m(s("  Hello World  "), "lowr", vec![]), "AttributeError: 'str' object has no attribute 'lowr'", "'  Hello World  '.lowr()"),
        // 'spark,streaming,rdd'.split(',')
        (m(s("spark,streaming,rdd"), "split", vec![s(",")]), "['spark', 'streaming', 'rdd']", "'spark,streaming,rdd'.split(',')"),
        // 'spark,streaming,rdd'.split(',', 1)
        (m(s("spark,streaming,rdd"), "split", vec![s(","), i(1)]), "['spark', 'streaming,rdd']", "'spark,streaming,rdd'.split(',', 1)"),
        // 'spark,streaming,rdd'.rsplit(',', 1)
        (m(s("spark,streaming,rdd"), "rsplit", vec![s(","), i(1)]), "['spark,streaming', 'rdd']", "'spark,streaming,rdd'.rsplit(',', 1)"),
        // 'spark,streaming,rdd'.split(maxsplit=1, sep=',')
        (mkw(s("spark,streaming,rdd"), "split", vec![], vec![("maxsplit", i(1)), ("sep", s(","))]), "['spark', 'streaming,rdd']", "'spark,streaming,rdd'.split(maxsplit=1, sep=',')"),
        // 'spark,streaming,rdd'.split('')
        (m(s("spark,streaming,rdd"), "split", vec![s("")]), "ValueError: empty separator", "'spark,streaming,rdd'.split('')"),
        // 'spark,streaming,rdd'.split(1)
        (m(s("spark,streaming,rdd"), "split", vec![i(1)]), "TypeError: must be str or None, not int", "'spark,streaming,rdd'.split(1)"),
        // 'spark,streaming,rdd'.upper()
        (m(s("spark,streaming,rdd"), "upper", vec![]), "'SPARK,STREAMING,RDD'", "'spark,streaming,rdd'.upper()"),
        // 'spark,streaming,rdd'.endswith(('rdd', 'x'))
        (m(s("spark,streaming,rdd"), "endswith", vec![t(vec![s("rdd"), s("x")])]), "True", "'spark,streaming,rdd'.endswith(('rdd', 'x'))"),
        // 'spark,streaming,rdd'.startswith('streaming', 6)
        (m(s("spark,streaming,rdd"), "startswith", vec![s("streaming"), i(6)]), "True", "'spark,streaming,rdd'.startswith('streaming', 6)"),
        // 'spark,streaming,rdd'.startswith(1)
        (m(s("spark,streaming,rdd"), "startswith", vec![i(1)]), "TypeError: startswith first arg must be str or a tuple of str, not int", "'spark,streaming,rdd'.startswith(1)"),
        // 'spark,streaming,rdd'.index('rdd')
        (m(s("spark,streaming,rdd"), "index", vec![s("rdd")]), "16", "'spark,streaming,rdd'.index('rdd')"),
        // 'spark,streaming,rdd'.index('zz')
        (m(s("spark,streaming,rdd"), "index", vec![s("zz")]), "ValueError: substring not found", "'spark,streaming,rdd'.index('zz')"),
        // 'spark,streaming,rdd'.capitalize()
        (m(s("spark,streaming,rdd"), "capitalize", vec![]), "'Spark,streaming,rdd'", "'spark,streaming,rdd'.capitalize()"),
        // 'spark,streaming,rdd'.title()
        (m(s("spark,streaming,rdd"), "title", vec![]), "'Spark,Streaming,Rdd'", "'spark,streaming,rdd'.title()"),
        // 'a,,b,'.split(',')
        (m(s("a,,b,"), "split", vec![s(",")]), "['a', '', 'b', '']", "'a,,b,'.split(',')"),
        // ''.split()
        (m(s(""), "split", vec![]), "[]", "''.split()"),
        // ''.split(',')
        (m(s(""), "split", vec![s(",")]), "['']", "''.split(',')"),
        // ' '.join(['a', 'b', 'c'])
        (m(s(" "), "join", vec![l(vec![s("a"), s("b"), s("c")])]), "'a b c'", "' '.join(['a', 'b', 'c'])"),
        // '-'.join('abc')
        (m(s("-"), "join", vec![s("abc")]), "'a-b-c'", "'-'.join('abc')"),
        // ','.join([1])
        (m(s(","), "join", vec![l(vec![i(1)])]), "TypeError: sequence item 0: expected str instance, int found", "','.join([1])"),
        // ','.join(['a', 2])
        (m(s(","), "join", vec![l(vec![s("a"), i(2)])]), "TypeError: sequence item 1: expected str instance, int found", "','.join(['a', 2])"),
        // 'Mississippi'.find('ss')
        (m(s("Mississippi"), "find", vec![s("ss")]), "2", "'Mississippi'.find('ss')"),
        // 'Mississippi'.find('ss', 3)
        (m(s("Mississippi"), "find", vec![s("ss"), i(3)]), "5", "'Mississippi'.find('ss', 3)"),
        // 'Mississippi'.rfind('ss')
        (m(s("Mississippi"), "rfind", vec![s("ss")]), "5", "'Mississippi'.rfind('ss')"),
        // 'Mississippi'.count('ss')
        (m(s("Mississippi"), "count", vec![s("ss")]), "2", "'Mississippi'.count('ss')"),
        // 'Mississippi'.count('i')
        (m(s("Mississippi"), "count", vec![s("i")]), "4", "'Mississippi'.count('i')"),
        // 'Mississippi'.count('')
        (m(s("Mississippi"), "count", vec![s("")]), "12", "'Mississippi'.count('')"),
        // 'Mississippi'.upper()
        (m(s("Mississippi"), "upper", vec![]), "'MISSISSIPPI'", "'Mississippi'.upper()"),
        // 'Mississippi'.lower()
        (m(s("Mississippi"), "lower", vec![]), "'mississippi'", "'Mississippi'.lower()"),
        // 'Mississippi'.replace('ss', 'SS')
        (m(s("Mississippi"), "replace", vec![s("ss"), s("SS")]), "'MiSSiSSippi'", "'Mississippi'.replace('ss', 'SS')"),
        // 'Mississippi'.replace('', '-')
        (m(s("Mississippi"), "replace", vec![s(""), s("-")]), "'-M-i-s-s-i-s-s-i-p-p-i-'", "'Mississippi'.replace('', '-')"),
        // 'Mississippi'.split('s')
        (m(s("Mississippi"), "split", vec![s("s")]), "['Mi', '', 'i', '', 'ippi']", "'Mississippi'.split('s')"),
        // 'Mississippi'.strip('Mi')
        (m(s("Mississippi"), "strip", vec![s("Mi")]), "'ssissipp'", "'Mississippi'.strip('Mi')"),
        // 'Mississippi'.rstrip('ip')
        (m(s("Mississippi"), "rstrip", vec![s("ip")]), "'Mississ'", "'Mississippi'.rstrip('ip')"),
        // 'Mississippi'.isalpha()
        (m(s("Mississippi"), "isalpha", vec![]), "True", "'Mississippi'.isalpha()"),
        // 'Mississippi'.upper(1)
        (m(s("Mississippi"), "upper", vec![i(1)]), "TypeError: str.upper() takes no arguments (1 given)", "'Mississippi'.upper(1)"),
        // 'Mississippi'.find(1)
        (m(s("Mississippi"), "find", vec![i(1)]), "TypeError: must be str, not int", "'Mississippi'.find(1)"),
        // 'Mississippi'.replace(1, 2)
        (m(s("Mississippi"), "replace", vec![i(1), i(2)]), "TypeError: replace() argument 1 must be str, not int", "'Mississippi'.replace(1, 2)"),
        // 'Mississippi'.strip(1)
        (m(s("Mississippi"), "strip", vec![i(1)]), "TypeError: strip arg must be None or str", "'Mississippi'.strip(1)"),
        // 'café'.upper()
        (m(s("café"), "upper", vec![]), "'CAFÉ'", "'café'.upper()"),
        // 'café'.find('é')
        (m(s("café"), "find", vec![s("é")]), "3", "'café'.find('é')"),
        // '12'.isdigit()
        (m(s("12"), "isdigit", vec![]), "True", "'12'.isdigit()"),
        // '1.2'.isdigit()
        (m(s("1.2"), "isdigit", vec![]), "False", "'1.2'.isdigit()"),
        // ''.isdigit()
        (m(s(""), "isdigit", vec![]), "False", "''.isdigit()"),
        // 'a1'.isalnum()
        (m(s("a1"), "isalnum", vec![]), "True", "'a1'.isalnum()"),
        // 'a b'.isalnum()
        (m(s("a b"), "isalnum", vec![]), "False", "'a b'.isalnum()"),
        // "they're bill's".title()
        (m(s("they're bill's"), "title", vec![]), "\"They'Re Bill'S\"", "\"they're bill's\".title()"),
        // 'hELLO wORLD'.capitalize()
        (m(s("hELLO wORLD"), "capitalize", vec![]), "'Hello world'", "'hELLO wORLD'.capitalize()"),
        // '{} has {:>5.2f}|{:<4}|{:^7}|{:,}'.format('x', 2.71823, 'ab', 'mid', 1234567)
        (m(s("{} has {:>5.2f}|{:<4}|{:^7}|{:,}"), "format", vec![s("x"), f(2.71823), s("ab"), s("mid"), i(1234567)]), "'x has  2.72|ab  |  mid  |1,234,567'", "'{} has {:>5.2f}|{:<4}|{:^7}|{:,}'.format('x', 2.71823, 'ab', 'mid', 1234567)"),
        // '{0}-{0}-{1!r}'.format('a', 'b')
        (m(s("{0}-{0}-{1!r}"), "format", vec![s("a"), s("b")]), "\"a-a-'b'\"", "'{0}-{0}-{1!r}'.format('a', 'b')"),
        // '{:05d}|{:+d}|{:.1%}|{:e}'.format(42, 7, 0.256, 12345.678)
        (m(s("{:05d}|{:+d}|{:.1%}|{:e}"), "format", vec![i(42), i(7), f(0.256), f(12345.678)]), "'00042|+7|25.6%|1.234568e+04'", "'{:05d}|{:+d}|{:.1%}|{:e}'.format(42, 7, 0.256, 12345.678)"),
        // '{}'.format(0.1)
        (m(s("{}"), "format", vec![f(0.1)]), "'0.1'", "'{}'.format(0.1)"),
        // '{:.3}'.format(2.71823)
        (m(s("{:.3}"), "format", vec![f(2.71823)]), "'2.72'", "'{:.3}'.format(2.71823)"),
        // '{:g}'.format(1e20)
        (m(s("{:g}"), "format", vec![f(1e20)]), "'1e+20'", "'{:g}'.format(1e20)"),
        // '{name}!'.format(name='bob')
        (mkw(s("{name}!"), "format", vec![], vec![("name", s("bob"))]), "'bob!'", "'{name}!'.format(name='bob')"),
        // '0042'.zfill(6)
        (m(s("42"), "zfill", vec![i(6)]), "'000042'", "'0042'.zfill(6)"),
        // '-42'.zfill(6)
        (m(s("-42"), "zfill", vec![i(6)]), "'-00042'", "'-42'.zfill(6)"),
        // 'a\nb\r\nc'.splitlines()
        (m(s("a\nb\r\nc"), "splitlines", vec![]), "['a', 'b', 'c']", "'a\\nb\\r\\nc'.splitlines()"),
        // [1, 2, 1].count(1)
        (m(l(vec![i(1), i(2), i(1)]), "count", vec![i(1)]), "2", "[1, 2, 1].count(1)"),
        // [1, 2, 1].count(1.0)
        (m(l(vec![i(1), i(2), i(1)]), "count", vec![f(1.0)]), "2", "[1, 2, 1].count(1.0)"),
        // [1, 2, 1].index(2)
        (m(l(vec![i(1), i(2), i(1)]), "index", vec![i(2)]), "1", "[1, 2, 1].index(2)"),
        // [1, 2, 1].index(5)
        (m(l(vec![i(1), i(2), i(1)]), "index", vec![i(5)]), "ValueError: 5 is not in list", "[1, 2, 1].index(5)"),
        // [1, 2, 1].index('a')
        (m(l(vec![i(1), i(2), i(1)]), "index", vec![s("a")]), "ValueError: 'a' is not in list", "[1, 2, 1].index('a')"),
        // (1, 2).index(5)
        (m(t(vec![i(1), i(2)]), "index", vec![i(5)]), "ValueError: tuple.index(x): x not in tuple", "(1, 2).index(5)"),
        // (1, 2).count(2)
        (m(t(vec![i(1), i(2)]), "count", vec![i(2)]), "1", "(1, 2).count(2)"),
        // [].count()
        (m(l(vec![]), "count", vec![]), "TypeError: list.count() takes exactly one argument (0 given)", "[].count()"),
        // [].appendx(1)
        (m(l(vec![]), "appendx", vec![i(1)]), "AttributeError: 'list' object has no attribute 'appendx'", "[].appendx(1)"),
        // {'a': 1, 'b': 2}.get('a')
        (m(call_("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "get", vec![s("a")]), "1", "{'a': 1, 'b': 2}.get('a')"),
        // {'a': 1, 'b': 2}.get('z')
        (m(call_("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "get", vec![s("z")]), "None", "{'a': 1, 'b': 2}.get('z')"),
        // {'a': 1, 'b': 2}.get('z', 0)
        (m(call_("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "get", vec![s("z"), i(0)]), "0", "{'a': 1, 'b': 2}.get('z', 0)"),
        // {'a': 1, 'b': 2}.get()
        (m(call_("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "get", vec![]), "TypeError: get expected at least 1 argument, got 0", "{'a': 1, 'b': 2}.get()"),
        // list({'a': 1, 'b': 2}.keys())
        (m(call_("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "keys", vec![]), "['a', 'b']", "list({'a': 1, 'b': 2}.keys())"),
        // list({'a': 1, 'b': 2}.values())
        (m(call_("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "values", vec![]), "[1, 2]", "list({'a': 1, 'b': 2}.values())"),
        // list({'a': 1, 'b': 2}.items())
        (m(call_("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "items", vec![]), "[('a', 1), ('b', 2)]", "list({'a': 1, 'b': 2}.items())"),
        // {'a': 1, 'b': 2}.foo()
        (m(call_("dict", vec![l(vec![t(vec![s("a"), i(1)]), t(vec![s("b"), i(2)])])]), "foo", vec![]), "AttributeError: 'dict' object has no attribute 'foo'", "{'a': 1, 'b': 2}.foo()"),
        // (1).bitx()
        (m(i(1), "bitx", vec![]), "AttributeError: 'int' object has no attribute 'bitx'", "(1).bitx()"),
        // hash('a')
        (h(s("a")), "4644417185603328019", "hash('a')"),
        // hash('b')
        (h(s("b")), "-8420940591063670578", "hash('b')"),
        // hash('c')
        (h(s("c")), "-2649405227494141838", "hash('c')"),
        // hash('spark')
        (h(s("spark")), "226417650480810963", "hash('spark')"),
        // hash('café')
        (h(s("café")), "137524001917817222", "hash('café')"),
        // hash('日本')
        (h(s("日本")), "6243316497235261705", "hash('日本')"),
        // hash('😀x')
        (h(s("😀x")), "-8926728262118538918", "hash('😀x')"),
        // hash('')
        (h(s("")), "0", "hash('')"),
        // hash((1,'a'))
        (h(t(vec![i(1), s("a")])), "3906047847676358913", "hash((1,'a'))"),
        // hash(())
        (h(t(vec![])), "5740354900026072187", "hash(())"),
        // hash(((1, 2), 'x', 2.5))
        (h(t(vec![t(vec![i(1), i(2)]), s("x"), f(2.5)])), "8747236204905243284", "hash(((1, 2), 'x', 2.5))"),
        // hash(2.5)
        (h(f(2.5)), "1152921504606846978", "hash(2.5)"),
        // hash(-2.5)
        (h(f(-2.5)), "-1152921504606846978", "hash(-2.5)"),
        // hash(0.1)
        (h(f(0.1)), "230584300921369408", "hash(0.1)"),
        // hash(1e300)
        (h(f(1e300)), "1224995262755759164", "hash(1e300)"),
        // hash(1e-300)
        (h(f(1e-300)), "482449582752280463", "hash(1e-300)"),
        // hash(5e-324)
        (h(f(5e-324)), "16777216", "hash(5e-324)"),
        // hash(float('inf'))
        (h(f(f64::INFINITY)), "314159", "hash(float('inf'))"),
        // hash(float('-inf'))
        (h(f(f64::NEG_INFINITY)), "-314159", "hash(float('-inf'))"),
        // hash(-1)
        (h(i(-1)), "-2", "hash(-1)"),
        // hash(-2)
        (h(i(-2)), "-2", "hash(-2)"),
        // hash(1.0)
        (h(f(1.0)), "1", "hash(1.0)"),
        // hash(True)
        (h(bo(true)), "1", "hash(True)"),
        // hash(0)
        (h(i(0)), "0", "hash(0)"),
        // hash(2**61)
        (h(b_(Pow, i(2), i(61))), "1", "hash(2**61)"),
        // hash(2**61 - 1)
        (h(i((1 << 61) - 1)), "0", "hash(2**61 - 1)"),
        // hash(-(2**61))
        (h(i(-(1 << 61))), "-2", "hash(-(2**61))"),
        // hash(2**100)
        (h(b_(Pow, i(2), i(100))), "549755813888", "hash(2**100)"),
        // hash(-(2**100))
        (h(neg_(b_(Pow, i(2), i(100)))), "-549755813888", "hash(-(2**100))"),
        // hash(9223372036854775807)
        (h(i(i64::MAX)), "3", "hash(9223372036854775807)"),
        // hash(-9223372036854775808)
        (h(i(i64::MIN)), "-4", "hash(-9223372036854775808)"),
        // hash(2.0**100)
        (h(f(2f64.powi(100))), "549755813888", "hash(2.0**100)"),
        // hash(range(0, 10, 2))
        (h(Value::Range(0, 10, 2)), "-6143170332311272345", "hash(range(0, 10, 2))"),
        // hash([1])
        (h(l(vec![i(1)])), "TypeError: unhashable type: 'list'", "hash([1])"),
        // hash((1, [2]))
        (h(t(vec![i(1), l(vec![i(2)])])), "TypeError: unhashable type: 'list'", "hash((1, [2]))"),
        // hash({})
        (h(call_("dict", vec![])), "TypeError: unhashable type: 'dict'", "hash({})"),
        // portable_hash('a')
        (ph(s("a")), "4644417185603328019", "portable_hash('a')"),
        // portable_hash(None)
        (ph(Value::None), "0", "portable_hash(None)"),
        // portable_hash((1, None))
        (ph(t(vec![i(1), Value::None])), "3430029580084870083", "portable_hash((1, None))"),
        // portable_hash(('a', 1))
        (ph(t(vec![s("a"), i(1)])), "102774922574124034", "portable_hash(('a', 1))"),
        // portable_hash((('a', 1), -5))
        (ph(t(vec![t(vec![s("a"), i(1)]), i(-5)])), "2709730608922403197", "portable_hash((('a', 1), -5))"),
        // portable_hash(())
        (ph(t(vec![])), "3430008", "portable_hash(())"),
        // portable_hash(-7)
        (ph(i(-7)), "-7", "portable_hash(-7)"),
        // portable_hash('a') % 2
        (part(s("a"), 2), "1", "portable_hash('a') % 2"),
        // portable_hash('b') % 2
        (part(s("b"), 2), "0", "portable_hash('b') % 2"),
        // portable_hash('c') % 2
        (part(s("c"), 2), "0", "portable_hash('c') % 2"),
        // portable_hash('spark') % 2
        (part(s("spark"), 2), "1", "portable_hash('spark') % 2"),
        // portable_hash(-7) % 2
        (part(i(-7), 2), "1", "portable_hash(-7) % 2"),
        // portable_hash(None) % 2
        (part(Value::None, 2), "0", "portable_hash(None) % 2"),
        // portable_hash(('a', 1)) % 2
        (part(t(vec![s("a"), i(1)]), 2), "0", "portable_hash(('a', 1)) % 2"),
        // portable_hash('日本') % 2
        (part(s("日本"), 2), "1", "portable_hash('日本') % 2"),
        // portable_hash('a') % 3
        (part(s("a"), 3), "1", "portable_hash('a') % 3"),
        // portable_hash('b') % 3
        (part(s("b"), 3), "0", "portable_hash('b') % 3"),
        // portable_hash('c') % 3
        (part(s("c"), 3), "1", "portable_hash('c') % 3"),
        // portable_hash('spark') % 3
        (part(s("spark"), 3), "0", "portable_hash('spark') % 3"),
        // portable_hash(-7) % 3
        (part(i(-7), 3), "2", "portable_hash(-7) % 3"),
        // portable_hash(None) % 3
        (part(Value::None, 3), "0", "portable_hash(None) % 3"),
        // portable_hash(('a', 1)) % 3
        (part(t(vec![s("a"), i(1)]), 3), "1", "portable_hash(('a', 1)) % 3"),
        // portable_hash('日本') % 3
        (part(s("日本"), 3), "1", "portable_hash('日本') % 3"),
        // portable_hash('a') % 7
        (part(s("a"), 7), "5", "portable_hash('a') % 7"),
        // portable_hash('b') % 7
        (part(s("b"), 7), "1", "portable_hash('b') % 7"),
        // portable_hash('c') % 7
        (part(s("c"), 7), "6", "portable_hash('c') % 7"),
        // portable_hash('spark') % 7
        (part(s("spark"), 7), "6", "portable_hash('spark') % 7"),
        // portable_hash(-7) % 7
        (part(i(-7), 7), "0", "portable_hash(-7) % 7"),
        // portable_hash(None) % 7
        (part(Value::None, 7), "0", "portable_hash(None) % 7"),
        // portable_hash(('a', 1)) % 7
        (part(t(vec![s("a"), i(1)]), 7), "3", "portable_hash(('a', 1)) % 7"),
        // portable_hash('日本') % 7
        (part(s("日本"), 7), "2", "portable_hash('日本') % 7"),
        // float.fromhex('0x1.0317fa3b1799dp-567')
        (r(f(f64::from_bits(0x1c80317fa3b1799d))), "2.0951218323850843e-171", "float.fromhex('0x1.0317fa3b1799dp-567')"),
        // float.fromhex('-0x1.640fb06671ad1p-34')
        (r(f(f64::from_bits(0xbdd640fb06671ad1))), "-8.095896314512539e-11", "float.fromhex('-0x1.640fb06671ad1p-34')"),
        // float.fromhex('0x1.13b9046685257p-20')
        (r(f(f64::from_bits(0x3eb13b9046685257))), "1.0271471865319853e-06", "float.fromhex('0x1.13b9046685257p-20')"),
        // float.fromhex('0x1.8c1e9392456dep-452')
        (r(f(f64::from_bits(0x23b8c1e9392456de))), "1.3305406583752764e-136", "float.fromhex('0x1.8c1e9392456dep-452')"),
        // float.fromhex('0x1.d1fa7bc8960a9p-604')
        (r(f(f64::from_bits(0x1a3d1fa7bc8960a9))), "2.7416277501616697e-182", "float.fromhex('0x1.d1fa7bc8960a9p-604')"),
        // float.fromhex('-0x1.c66b3ad3c2d6dp-38')
        (r(f(f64::from_bits(0xbd9c66b3ad3c2d6d))), "-6.4576804899972755e-12", "float.fromhex('-0x1.c66b3ad3c2d6dp-38')"),
        // float.fromhex('-0x1.d2434e465e150p-838')
        (r(f(f64::from_bits(0x8b9d2434e465e150))), "-9.936982866895821e-253", "float.fromhex('-0x1.d2434e465e150p-838')"),
        // float.fromhex('-0x1.a846916419f82p-653')
        (r(f(f64::from_bits(0x972a846916419f82))), "-4.4342582195166703e-197", "float.fromhex('-0x1.a846916419f82p-653')"),
        // float.fromhex('0x1.2e8f36c031199p-893')
        (r(f(f64::from_bits(0x0822e8f36c031199))), "1.7897179706846397e-269", "float.fromhex('0x1.2e8f36c031199p-893')"),
        // float.fromhex('0x1.c695a07a0ca6ep-640')
        (r(f(f64::from_bits(0x17fc695a07a0ca6e))), "3.8920410665109616e-193", "float.fromhex('0x1.c695a07a0ca6ep-640')"),
        // float.fromhex('0x1.faa1837f8a88bp-71')
        (r(f(f64::from_bits(0x3b8faa1837f8a88b))), "8.3815053749933375e-22", "float.fromhex('0x1.faa1837f8a88bp-71')"),
        // float.fromhex('-0x1.de644815ef6d1p-606')
        (r(f(f64::from_bits(0x9a1de644815ef6d1))), "-7.0366560133932934e-183", "float.fromhex('-0x1.de644815ef6d1p-606')"),
        // float.fromhex('-0x1.dc1a606cb0fb3p-773')
        (r(f(f64::from_bits(0x8fadc1a606cb0fb3))), "-3.74346981262903e-233", "float.fromhex('-0x1.dc1a606cb0fb3p-773')"),
        // float.fromhex('-0x1.d0fb132e70629p-139')
        (r(f(f64::from_bits(0xb74d0fb132e70629))), "-2.6063073077576445e-42", "float.fromhex('-0x1.d0fb132e70629p-139')"),
        // float.fromhex('-0x1.a088ca65ed389p-199')
        (r(f(f64::from_bits(0xb38a088ca65ed389))), "-2.025077774461046e-60", "float.fromhex('-0x1.a088ca65ed389p-199')"),
        // float.fromhex('0x1.5a6a48b8148f6p+695')
        (r(f(f64::from_bits(0x6b65a6a48b8148f6))), "2.2243541059934106e+209", "float.fromhex('0x1.5a6a48b8148f6p+695')"),
        // float.fromhex('0x1.f5d2a386ecbe0p+816')
        (r(f(f64::from_bits(0x72ff5d2a386ecbe0))), "8.566174015121906e+245", "float.fromhex('0x1.f5d2a386ecbe0p+816')"),
        // float.fromhex('0x1.7819096da1dacp+116')
        (r(f(f64::from_bits(0x4737819096da1dac))), "1.2205071412701158e+35", "float.fromhex('0x1.7819096da1dacp+116')"),
        // float.fromhex('-0x1.a774bcf36d58bp+489')
        (r(f(f64::from_bits(0xde8a774bcf36d58b))), "-2.6438463592029654e+147", "float.fromhex('-0x1.a774bcf36d58bp+489')"),
        // float.fromhex('-0x1.1330b01a9e71fp+37')
        (r(f(f64::from_bits(0xc241330b01a9e71f))), "-147741606739.80563", "float.fromhex('-0x1.1330b01a9e71fp+37')"),
        // float.fromhex('0x1.f6ec4ce4a2bbdp-370')
        (r(f(f64::from_bits(0x28df6ec4ce4a2bbd))), "8.168892449408124e-112", "float.fromhex('0x1.f6ec4ce4a2bbdp-370')"),
        // float.fromhex('0x1.07511b2b9437ap+708')
        (r(f(f64::from_bits(0x6c307511b2b9437a))), "1.3850822627547856e+213", "float.fromhex('0x1.07511b2b9437ap+708')"),
        // float.fromhex('0x1.29389571aa876p+115')
        (r(f(f64::from_bits(0x47229389571aa876))), "4.82268694405258e+34", "float.fromhex('0x1.29389571aa876p+115')"),
        // float.fromhex('0x1.ecd7b27cd8130p-142')
        (r(f(f64::from_bits(0x371ecd7b27cd8130))), "3.4530976632468286e-43", "float.fromhex('0x1.ecd7b27cd8130p-142')"),
        // float.fromhex('-0x1.459eef50bea63p+56')
        (r(f(f64::from_bits(0xc37459eef50bea63))), "-9.165411812000722e+16", "float.fromhex('-0x1.459eef50bea63p+56')"),
        // float.fromhex('0x1.a73ed562b0f79p-605')
        (r(f(f64::from_bits(0x1a2a73ed562b0f79))), "1.245102053364068e-182", "float.fromhex('0x1.a73ed562b0f79p-605')"),
        // float.fromhex('0x1.2ea7d17be3111p+533')
        (r(f(f64::from_bits(0x6142ea7d17be3111))), "3.3242704709371837e+160", "float.fromhex('0x1.2ea7d17be3111p+533')"),
        // float.fromhex('0x1.6128e18c26797p+447')
        (r(f(f64::from_bits(0x5be6128e18c26797))), "5.013479291044358e+134", "float.fromhex('0x1.6128e18c26797p+447')"),
        // float.fromhex('0x1.d7b71d8f56413p+385')
        (r(f(f64::from_bits(0x580d7b71d8f56413))), "1.4520725756704513e+116", "float.fromhex('0x1.d7b71d8f56413p+385')"),
        // float.fromhex('0x1.7a3a69a8dca03p+60')
        (r(f(f64::from_bits(0x43b7a3a69a8dca03))), "1.7033882668101804e+18", "float.fromhex('0x1.7a3a69a8dca03p+60')"),
        // float.fromhex('0x1.f9163ce9ff57fp-846')
        (r(f(f64::from_bits(0x0b1f9163ce9ff57f))), "4.2048429468447037e-255", "float.fromhex('0x1.f9163ce9ff57fp-846')"),
        // float.fromhex('0x1.cde66bacfb3d0p+858')
        (r(f(f64::from_bits(0x759cde66bacfb3d0))), "3.467722627586937e+258", "float.fromhex('0x1.cde66bacfb3d0p+858')"),
        // float.fromhex('0x1.49b7889463e85p-512')
        (r(f(f64::from_bits(0x1ff49b7889463e85))), "9.606020282432862e-155", "float.fromhex('0x1.49b7889463e85p-512')"),
        // float.fromhex('-0x1.b8ca1f91e1d4cp+706')
        (r(f(f64::from_bits(0xec1b8ca1f91e1d4c))), "-5.796532266416865e+212", "float.fromhex('-0x1.b8ca1f91e1d4cp+706')"),
        // float.fromhex('0x1.c3fe860e7a113p-701')
        (r(f(f64::from_bits(0x142c3fe860e7a113))), "1.678285985249165e-211", "float.fromhex('0x1.c3fe860e7a113p-701')"),
        // float.fromhex('0x1.dbb418d5288f1p+177')
        (r(f(f64::from_bits(0x4b0dbb418d5288f1))), "3.559636223270555e+53", "float.fromhex('0x1.dbb418d5288f1p+177')"),
        // float.fromhex('-0x1.e89aed453dd32p-497')
        (r(f(f64::from_bits(0xa0ee89aed453dd32))), "-4.6645554400601785e-150", "float.fromhex('-0x1.e89aed453dd32p-497')"),
        // float.fromhex('-0x1.cf72f9e574f7ap+555')
        (r(f(f64::from_bits(0xe2acf72f9e574f7a))), "-2.135058088242266e+167", "float.fromhex('-0x1.cf72f9e574f7ap+555')"),
        // float.fromhex('0x1.41cf0dc98d2c1p+458')
        (r(f(f64::from_bits(0x5c941cf0dc98d2c1))), "9.356124026369747e+137", "float.fromhex('0x1.41cf0dc98d2c1p+458')"),
        // float.fromhex('0x1.9d32c93cd59bfp-236')
        (r(f(f64::from_bits(0x3139d32c93cd59bf))), "1.4616374818865636e-71", "float.fromhex('0x1.9d32c93cd59bfp-236')"),
        // float.fromhex('0x1.e5dd2b45ed1f0p-739')
        (r(f(f64::from_bits(0x11ce5dd2b45ed1f0))), "6.563083173032833e-223", "float.fromhex('0x1.e5dd2b45ed1f0p-739')"),
        // float.fromhex('-0x1.88d990bbb2599p-363')
        (r(f(f64::from_bits(0xa9488d990bbb2599))), "-8.167670639936238e-110", "float.fromhex('-0x1.88d990bbb2599p-363')"),
        // float.fromhex('-0x1.7ce8a3a578a8ep+95')
        (r(f(f64::from_bits(0xc5e7ce8a3a578a8e))), "-5.894277366020282e+28", "float.fromhex('-0x1.7ce8a3a578a8ep+95')"),
        // float.fromhex('-0x1.77a4c4a15544dp+964')
        (r(f(f64::from_bits(0xfc377a4c4a15544d))), "-2.2879781783174108e+290", "float.fromhex('-0x1.77a4c4a15544dp+964')"),
        // float.fromhex('-0x1.61a26146d3f31p+432')
        (r(f(f64::from_bits(0xdaf61a26146d3f31))), "-1.5320485900097169e+130", "float.fromhex('-0x1.61a26146d3f31p+432')"),
        // float.fromhex('-0x1.1dfb23b982ef8p+478')
        (r(f(f64::from_bits(0xddd1dfb23b982ef8))), "-8.718367338387145e+143", "float.fromhex('-0x1.1dfb23b982ef8p+478')"),
        // float.fromhex('0x1.ff3d719db3ad0p+533')
        (r(f(f64::from_bits(0x614ff3d719db3ad0))), "5.615294812803369e+160", "float.fromhex('0x1.ff3d719db3ad0p+533')"),
        // float.fromhex('0x1.2b29347294739p+834')
        (r(f(f64::from_bits(0x7412b29347294739))), "1.3386940453763434e+251", "float.fromhex('0x1.2b29347294739p+834')"),
        // float.fromhex('-0x1.842dea2bc372fp+345')
        (r(f(f64::from_bits(0xd58842dea2bc372f))), "-1.0867783350916245e+104", "float.fromhex('-0x1.842dea2bc372fp+345')"),
        // float.fromhex('0x1.3b2e95d65a441p-357')
        (r(f(f64::from_bits(0x29a3b2e95d65a441))), "4.193850584025333e-108", "float.fromhex('0x1.3b2e95d65a441p-357')"),
        // float.fromhex('0x1.305535ec42e08p+432')
        (r(f(f64::from_bits(0x5af305535ec42e08))), "1.3184601271006646e+130", "float.fromhex('0x1.305535ec42e08p+432')"),
        // float.fromhex('-0x1.099a435a240aep-326')
        (r(f(f64::from_bits(0xab9099a435a240ae))), "-7.589510292596495e-99", "float.fromhex('-0x1.099a435a240aep-326')"),
        // float.fromhex('-0x1.a7efe4458a885p-197')
        (r(f(f64::from_bits(0xb3aa7efe4458a885))), "-8.244271582479788e-60", "float.fromhex('-0x1.a7efe4458a885p-197')"),
        // float.fromhex('-0x1.cfad8efc89849p-272')
        (r(f(f64::from_bits(0xaefcfad8efc89849))), "-2.3868090177693467e-82", "float.fromhex('-0x1.cfad8efc89849p-272')"),
        // float.fromhex('0x1.76f57a5e5a5abp-731')
        (r(f(f64::from_bits(0x12476f57a5e5a5ab))), "1.2966323984861066e-220", "float.fromhex('0x1.76f57a5e5a5abp-731')"),
        // float.fromhex('-0x1.defe39bf00273p-471')
        (r(f(f64::from_bits(0xa28defe39bf00273))), "-3.0687485613600386e-142", "float.fromhex('-0x1.defe39bf00273p-471')"),
        // float.fromhex('-0x1.d64072bcfbe01p-884')
        (r(f(f64::from_bits(0x88bd64072bcfbe01))), "-1.4242108461895417e-266", "float.fromhex('-0x1.d64072bcfbe01p-884')"),
        // float.fromhex('0x1.bedcbbaa80dd4p-21')
        (r(f(f64::from_bits(0x3eabedcbbaa80dd4))), "8.323457810214681e-07", "float.fromhex('0x1.bedcbbaa80dd4p-21')"),
        // float.fromhex('0x1.6af7229d4beefp+870')
        (r(f(f64::from_bits(0x7656af7229d4beef))), "1.1161471541231893e+262", "float.fromhex('0x1.6af7229d4beefp+870')"),
        // float.fromhex('0x1.b4cf36123fdf7p+82')
        (r(f(f64::from_bits(0x451b4cf36123fdf7))), "8.251096635205119e+24", "float.fromhex('0x1.b4cf36123fdf7p+82')"),
        // float.fromhex('-0x1.66fa2fd5166e6p+719')
        (r(f(f64::from_bits(0xece66fa2fd5166e6))), "-3.8671756152934776e+216", "float.fromhex('-0x1.66fa2fd5166e6p+719')"),
        // float.fromhex('-0x1.b61c4a3d70628p-253')
        (r(f(f64::from_bits(0xb02b61c4a3d70628))), "-1.1823738097582057e-76", "float.fromhex('-0x1.b61c4a3d70628p-253')"),
        // float.fromhex('0x1.8b3268e944239p-124')
        (r(f(f64::from_bits(0x3838b3268e944239))), "7.258620922929537e-38", "float.fromhex('0x1.8b3268e944239p-124')"),
        // float.fromhex('0x1.4317faf42e12fp+305')
        (r(f(f64::from_bits(0x5304317faf42e12f))), "8.226917945376994e+91", "float.fromhex('0x1.4317faf42e12fp+305')"),
        // float.fromhex('-0x1.032ccd7c524a5p+76')
        (r(f(f64::from_bits(0xc4b032ccd7c524a5))), "-7.649496141266471e+22", "float.fromhex('-0x1.032ccd7c524a5p+76')"),
        // float.fromhex('0x1.1f30dc6a7ee39p-794')
        (r(f(f64::from_bits(0x0e51f30dc6a7ee39))), "1.07674805660699e-239", "float.fromhex('0x1.1f30dc6a7ee39p-794')"),
        // float.fromhex('-0x1.1a7ab3aa2e4f9p+295')
        (r(f(f64::from_bits(0xd261a7ab3aa2e4f9))), "-7.024176083378e+88", "float.fromhex('-0x1.1a7ab3aa2e4f9p+295')"),
        // float.fromhex('-0x1.77b4e0837b8a3p+226')
        (r(f(f64::from_bits(0xce177b4e0837b8a3))), "-1.582660714409593e+68", "float.fromhex('-0x1.77b4e0837b8a3p+226')"),
        // float.fromhex('0x1.2bc5b50c187fcp+620')
        (r(f(f64::from_bits(0x66b2bc5b50c187fc))), "5.095054541992547e+186", "float.fromhex('0x1.2bc5b50c187fcp+620')"),
        // float.fromhex('0x1.1bc81448aaa9ep-752')
        (r(f(f64::from_bits(0x10f1bc81448aaa9e))), "4.679370861704191e-227", "float.fromhex('0x1.1bc81448aaa9ep-752')"),
        // float.fromhex('-0x1.349e03602f8acp+669')
        (r(f(f64::from_bits(0xe9c349e03602f8ac))), "-2.952890315556057e+201", "float.fromhex('-0x1.349e03602f8acp+669')"),
        // float.fromhex('-0x1.2b63ef16287e4p-748')
        (r(f(f64::from_bits(0x9132b63ef16287e4))), "-7.898799691876229e-226", "float.fromhex('-0x1.2b63ef16287e4p-748')"),
        // float.fromhex('-0x1.93acfe059a0eep-131')
        (r(f(f64::from_bits(0xb7c93acfe059a0ee))), "-5.792462950956992e-40", "float.fromhex('-0x1.93acfe059a0eep-131')"),
        // float.fromhex('0x1.eb16f508ebad7p-153')
        (r(f(f64::from_bits(0x366eb16f508ebad7))), "1.6800859605326646e-46", "float.fromhex('0x1.eb16f508ebad7p-153')"),
        // float.fromhex('0x1.d9eb1a7cad415p+1021')
        (r(f(f64::from_bits(0x7fcd9eb1a7cad415))), "4.159959987622664e+307", "float.fromhex('0x1.d9eb1a7cad415p+1021')"),
        // float.fromhex('-0x1.a984d654821d0p+552')
        (r(f(f64::from_bits(0xe27a984d654821d0))), "-2.4503972203962515e+166", "float.fromhex('-0x1.a984d654821d0p+552')"),
        // float.fromhex('-0x1.1f0b2ea1fca65p-438')
        (r(f(f64::from_bits(0xa491f0b2ea1fca65))), "-1.5796829239534463e-132", "float.fromhex('-0x1.1f0b2ea1fca65p-438')"),
        // float.fromhex('0x1.33b83757750a9p-438')
        (r(f(f64::from_bits(0x24933b83757750a9))), "1.6934683536267014e-132", "float.fromhex('0x1.33b83757750a9p-438')"),
        // float.fromhex('0x1.ed01d43cf2fdep-452')
        (r(f(f64::from_bits(0x23bed01d43cf2fde))), "1.6559804592749677e-136", "float.fromhex('0x1.ed01d43cf2fdep-452')"),
        // float.fromhex('-0x1.799193f22faf8p-20')
        (r(f(f64::from_bits(0xbeb799193f22faf8))), "-1.4065528799869823e-06", "float.fromhex('-0x1.799193f22faf8p-20')"),
        // float.fromhex('-0x1.a6a688fb5d27bp-864')
        (r(f(f64::from_bits(0x89fa6a688fb5d27b))), "-1.3422246071941552e-260", "float.fromhex('-0x1.a6a688fb5d27bp-864')"),
        // float.fromhex('-0x1.c4c06434308bcp-12')
        (r(f(f64::from_bits(0xbf3c4c06434308bc))), "-0.00043177750491108966", "float.fromhex('-0x1.c4c06434308bcp-12')"),
        // float.fromhex('0x1.dd6c795a76d79p+731')
        (r(f(f64::from_bits(0x6dadd6c795a76d79))), "2.106642606929706e+220", "float.fromhex('0x1.dd6c795a76d79p+731')"),
        // float.fromhex('-0x1.269f0e5d7b875p-681')
        (r(f(f64::from_bits(0x956269f0e5d7b875))), "-1.1470890870591953e-205", "float.fromhex('-0x1.269f0e5d7b875p-681')"),
        // float.fromhex('0x1.bcc97663f1c97p+459')
        (r(f(f64::from_bits(0x5cabcc97663f1c97))), "2.5863071086748713e+138", "float.fromhex('0x1.bcc97663f1c97p+459')"),
        // float.fromhex('-0x1.0bde4382567b8p+1014')
        (r(f(f64::from_bits(0xff50bde4382567b8))), "-1.836947844852446e+305", "float.fromhex('-0x1.0bde4382567b8p+1014')"),
        // float.fromhex('0x1.9b584ff5e9ff0p-457')
        (r(f(f64::from_bits(0x2369b584ff5e9ff0))), "4.3177571040872257e-138", "float.fromhex('0x1.9b584ff5e9ff0p-457')"),
        // float.fromhex('0x1.70ddf827050a8p+998')
        (r(f(f64::from_bits(0x7e570ddf827050a8))), "3.8598070117921536e+300", "float.fromhex('0x1.70ddf827050a8p+998')"),
        // float.fromhex('-0x1.af08a1745d6d8p+24')
        (r(f(f64::from_bits(0xc17af08a1745d6d8))), "-28248225.454550594", "float.fromhex('-0x1.af08a1745d6d8p+24')"),
        // float.fromhex('-0x1.13d960c0fd195p+456')
        (r(f(f64::from_bits(0xdc713d960c0fd195))), "-2.0049783163468672e+137", "float.fromhex('-0x1.13d960c0fd195p+456')"),
        // float.fromhex('0x1.09bdf1c11f735p-397')
        (r(f(f64::from_bits(0x27209bdf1c11f735))), "3.2159693904950114e-120", "float.fromhex('0x1.09bdf1c11f735p-397')"),
        // float.fromhex('0x1.49481a0a04dc4p-368')
        (r(f(f64::from_bits(0x28f49481a0a04dc4))), "2.1393860326607225e-111", "float.fromhex('0x1.49481a0a04dc4p-368')"),
        // float.fromhex('-0x1.40454cac5b68cp-284')
        (r(f(f64::from_bits(0xae340454cac5b68c))), "-4.024931344241379e-86", "float.fromhex('-0x1.40454cac5b68cp-284')"),
        // float.fromhex('-0x1.e43346c12ace8p-629')
        (r(f(f64::from_bits(0x98ae43346c12ace8))), "-8.490197926236207e-190", "float.fromhex('-0x1.e43346c12ace8p-629')"),
        // float.fromhex('0x1.01c4510435a10p+553')
        (r(f(f64::from_bits(0x62801c4510435a10))), "2.968757472477321e+166", "float.fromhex('0x1.01c4510435a10p+553')"),
        // float.fromhex('-0x1.c24c961b1cd22p-631')
        (r(f(f64::from_bits(0x988c24c961b1cd22))), "-1.9739398412995776e-190", "float.fromhex('-0x1.c24c961b1cd22p-631')"),
        // float.fromhex('0x1.21e02ff01cf99p+894')
        (r(f(f64::from_bits(0x77d21e02ff01cf99))), "1.4955055043668465e+269", "float.fromhex('0x1.21e02ff01cf99p+894')"),
        // float.fromhex('0x1.cacec877409a9p+6')
        (r(f(f64::from_bits(0x405cacec877409a9))), "114.70193659145174", "float.fromhex('0x1.cacec877409a9p+6')"),
        // float.fromhex('-0x1.0365bf89897b9p-805')
        (r(f(f64::from_bits(0x8da0365bf89897b9))), "-4.748749207901759e-243", "float.fromhex('-0x1.0365bf89897b9p-805')"),
        // float.fromhex('-0x1.3262fdc5c0eedp+789')
        (r(f(f64::from_bits(0xf143262fdc5c0eed))), "-3.896695777943321e+237", "float.fromhex('-0x1.3262fdc5c0eedp+789')"),
        // float.fromhex('-0x1.70da702f06b90p-285')
        (r(f(f64::from_bits(0xae270da702f06b90))), "-2.3177410540259095e-86", "float.fromhex('-0x1.70da702f06b90p-285')"),
        // float.fromhex('0x1.3434bb88139b9p-554')
        (r(f(f64::from_bits(0x1d53434bb88139b9))), "2.041660407621346e-167", "float.fromhex('0x1.3434bb88139b9p-554')"),
        // float.fromhex('-0x1.17efdae849217p+553')
        (r(f(f64::from_bits(0xe2817efdae849217))), "-3.2240950631056824e+166", "float.fromhex('-0x1.17efdae849217p+553')"),
        // float.fromhex('-0x1.987108976e334p+4')
        (r(f(f64::from_bits(0xc03987108976e334))), "-25.52759608414199", "float.fromhex('-0x1.987108976e334p+4')"),
        // float.fromhex('-0x1.2e2e3444ea7c8p+77')
        (r(f(f64::from_bits(0xc4c2e2e3444ea7c8))), "-1.7837587430587904e+23", "float.fromhex('-0x1.2e2e3444ea7c8p+77')"),
        // float.fromhex('0x1.5bd6fa4161293p+370')
        (r(f(f64::from_bits(0x5715bd6fa4161293))), "3.2676659166754727e+111", "float.fromhex('0x1.5bd6fa4161293p+370')"),
        // float.fromhex('0x1.2d3081c8eaee9p+179')
        (r(f(f64::from_bits(0x4b22d3081c8eaee9))), "9.01506905481487e+53", "float.fromhex('0x1.2d3081c8eaee9p+179')"),
        // float.fromhex('0x1.d06ca6f4cc69ap-376')
        (r(f(f64::from_bits(0x287d06ca6f4cc69a))), "1.1786821722610887e-113", "float.fromhex('0x1.d06ca6f4cc69ap-376')"),
        // float.fromhex('0x1.4af5974273ca3p-1010')
        (r(f(f64::from_bits(0x00d4af5974273ca3))), "1.178254358525722e-304", "float.fromhex('0x1.4af5974273ca3p-1010')"),
        // float.fromhex('-0x1.b0672f42d47ccp-114')
        (r(f(f64::from_bits(0xb8db0672f42d47cc))), "-8.132597761024621e-35", "float.fromhex('-0x1.b0672f42d47ccp-114')"),
        // float.fromhex('-0x1.cfe0be037e5edp-124')
        (r(f(f64::from_bits(0xb83cfe0be037e5ed))), "-8.520091409223985e-38", "float.fromhex('-0x1.cfe0be037e5edp-124')"),
        // float.fromhex('-0x1.da88b436d76e2p+909')
        (r(f(f64::from_bits(0xf8cda88b436d76e2))), "-8.022198942692217e+273", "float.fromhex('-0x1.da88b436d76e2p+909')"),
        // float.fromhex('-0x1.ff46e8026695fp+49')
        (r(f(f64::from_bits(0xc30ff46e8026695f))), "-1124309963951403.9", "float.fromhex('-0x1.ff46e8026695fp+49')"),
        // float.fromhex('-0x1.76d1c2dbc2134p-992')
        (r(f(f64::from_bits(0x81f76d1c2dbc2134))), "-3.4980529044740066e-299", "float.fromhex('-0x1.76d1c2dbc2134p-992')"),
        // float.fromhex('0x1.dbd5ce9a1fa6fp-588')
        (r(f(f64::from_bits(0x1b3dbd5ce9a1fa6f))), "1.8347594589229645e-177", "float.fromhex('0x1.dbd5ce9a1fa6fp-588')"),
        // float.fromhex('-0x1.3ac6ededa4e16p-510')
        (r(f(f64::from_bits(0xa013ac6ededa4e16))), "-3.668304105460948e-154", "float.fromhex('-0x1.3ac6ededa4e16p-510')"),
        // float.fromhex('-0x1.7a4774c66e0a8p+376')
        (r(f(f64::from_bits(0xd777a4774c66e0a8))), "-2.274315864675084e+113", "float.fromhex('-0x1.7a4774c66e0a8p+376')"),
        // float.fromhex('-0x1.631d4a39231a7p-992')
        (r(f(f64::from_bits(0x81f631d4a39231a7))), "-3.314153628112636e-299", "float.fromhex('-0x1.631d4a39231a7p-992')"),
        // float.fromhex('0x1.bd6899be578c7p-209')
        (r(f(f64::from_bits(0x32ebd6899be578c7))), "2.1147037486459785e-63", "float.fromhex('0x1.bd6899be578c7p-209')"),
        // float.fromhex('0x1.8d16c2720797dp+508')
        (r(f(f64::from_bits(0x5fb8d16c2720797d))), "1.29982709049588e+153", "float.fromhex('0x1.8d16c2720797dp+508')"),
        // float.fromhex('0x1.b4715c333e861p-362')
        (r(f(f64::from_bits(0x295b4715c333e861))), "1.814800752632115e-109", "float.fromhex('0x1.b4715c333e861p-362')"),
        // float.fromhex('-0x1.88f3f8a14be62p+834')
        (r(f(f64::from_bits(0xf4188f3f8a14be62))), "-1.758397432924142e+251", "float.fromhex('-0x1.88f3f8a14be62p+834')"),
        // float.fromhex('-0x1.4a3c5c754108fp+707')
        (r(f(f64::from_bits(0xec24a3c5c754108f))), "-8.685425564246797e+212", "float.fromhex('-0x1.4a3c5c754108fp+707')"),
        // float.fromhex('-0x1.263dd87c5421ep+691')
        (r(f(f64::from_bits(0xeb2263dd87c5421e))), "-1.1808400899256044e+208", "float.fromhex('-0x1.263dd87c5421ep+691')"),
        // float.fromhex('-0x1.46eb400257ad1p-618')
        (r(f(f64::from_bits(0x99546eb400257ad1))), "-1.1739856912546713e-186", "float.fromhex('-0x1.46eb400257ad1p-618')"),
        // float.fromhex('0x1.5438552fbe43bp+978')
        (r(f(f64::from_bits(0x7d15438552fbe43b))), "3.395124447940739e+294", "float.fromhex('0x1.5438552fbe43bp+978')"),
        // float.fromhex('0x1.35cfb04fc6d82p-565')
        (r(f(f64::from_bits(0x1ca35cfb04fc6d82))), "1.0020968945400877e-170", "float.fromhex('0x1.35cfb04fc6d82p-565')"),
        // float.fromhex('0x1.c4eb5edd96831p+463')
        (r(f(f64::from_bits(0x5cec4eb5edd96831))), "4.213751945477872e+139", "float.fromhex('0x1.c4eb5edd96831p+463')"),
        // float.fromhex('-0x1.e058be0f3eab0p+964')
        (r(f(f64::from_bits(0xfc3e058be0f3eab0))), "-2.9257055870874145e+290", "float.fromhex('-0x1.e058be0f3eab0p+964')"),
        // float.fromhex('-0x1.8cb2dd4e80839p+233')
        (r(f(f64::from_bits(0xce88cb2dd4e80839))), "-2.1389951016766622e+70", "float.fromhex('-0x1.8cb2dd4e80839p+233')"),
        // float.fromhex('0x1.cbf374eb93effp-43')
        (r(f(f64::from_bits(0x3d4cbf374eb93eff))), "2.0425927740811072e-13", "float.fromhex('0x1.cbf374eb93effp-43')"),
        // float.fromhex('0x1.9c2a90ed42f1ap-37')
        (r(f(f64::from_bits(0x3da9c2a90ed42f1a))), "1.1714470074011626e-11", "float.fromhex('0x1.9c2a90ed42f1ap-37')"),
        // float.fromhex('-0x1.e4de2e0c53cb8p-748')
        (r(f(f64::from_bits(0x913e4de2e0c53cb8))), "-1.2792243052488218e-225", "float.fromhex('-0x1.e4de2e0c53cb8p-748')"),
        // float.fromhex('0x1.96c07f26b4776p-701')
        (r(f(f64::from_bits(0x14296c07f26b4776))), "1.5102982090575673e-211", "float.fromhex('0x1.96c07f26b4776p-701')"),
        // float.fromhex('-0x1.e4bcf15ed6269p-74')
        (r(f(f64::from_bits(0xbb5e4bcf15ed6269))), "-1.0024148094036532e-22", "float.fromhex('-0x1.e4bcf15ed6269p-74')"),
        // float.fromhex('-0x1.6e6607c69dee1p+271')
        (r(f(f64::from_bits(0xd0e6e6607c69dee1))), "-5.430534951698718e+81", "float.fromhex('-0x1.6e6607c69dee1p+271')"),
        // float.fromhex('-0x1.d310011b7e948p+934')
        (r(f(f64::from_bits(0xfa5d310011b7e948))), "-2.6494211576190984e+281", "float.fromhex('-0x1.d310011b7e948p+934')"),
        // float.fromhex('-0x1.f6e66c2b6d2c5p-890')
        (r(f(f64::from_bits(0x885f6e66c2b6d2c5))), "-2.3798281943055612e-268", "float.fromhex('-0x1.f6e66c2b6d2c5p-890')"),
        // float.fromhex('0x1.1d750c40db9b4p-508')
        (r(f(f64::from_bits(0x2031d750c40db9b4))), "1.3306482485468789e-153", "float.fromhex('0x1.1d750c40db9b4p-508')"),
        // float.fromhex('-0x1.56e0c20de435dp-369')
        (r(f(f64::from_bits(0xa8e56e0c20de435d))), "-1.1138615326711302e-111", "float.fromhex('-0x1.56e0c20de435dp-369')"),
        // float.fromhex('-0x1.4accc79ac1b1ep+807')
        (r(f(f64::from_bits(0xf264accc79ac1b1e))), "-1.1028893228890274e+243", "float.fromhex('-0x1.4accc79ac1b1ep+807')"),
        // float.fromhex('0x1.5c2ab8cbfedb0p-347')
        (r(f(f64::from_bits(0x2a45c2ab8cbfedb0))), "4.743937927530231e-105", "float.fromhex('0x1.5c2ab8cbfedb0p-347')"),
        // float.fromhex('-0x1.5a10343dac043p-910')
        (r(f(f64::from_bits(0x8715a10343dac043))), "-1.5617787941941707e-274", "float.fromhex('-0x1.5a10343dac043p-910')"),
        // float.fromhex('-0x1.9bd26df57c59ap-587')
        (r(f(f64::from_bits(0x9b49bd26df57c59a))), "-3.175865585301795e-177", "float.fromhex('-0x1.9bd26df57c59ap-587')"),
        // float.fromhex('-0x1.07cc06c52c49fp+879')
        (r(f(f64::from_bits(0xf6e07cc06c52c49f))), "-4.153326182625603e+264", "float.fromhex('-0x1.07cc06c52c49fp+879')"),
        // float.fromhex('-0x1.d465e36386821p+733')
        (r(f(f64::from_bits(0xedcd465e36386821))), "-8.267265580310654e+220", "float.fromhex('-0x1.d465e36386821p+733')"),
        // float.fromhex('-0x1.90f538a0f4efbp+22')
        (r(f(f64::from_bits(0xc1590f538a0f4efb))), "-6569294.157184358", "float.fromhex('-0x1.90f538a0f4efbp+22')"),
        // float.fromhex('-0x1.b2a5cbadcc32ap-246')
        (r(f(f64::from_bits(0xb09b2a5cbadcc32a))), "-1.5014761094862542e-74", "float.fromhex('-0x1.b2a5cbadcc32ap-246')"),
        // float.fromhex('-0x1.3d2e6337ea2dfp-151')
        (r(f(f64::from_bits(0xb683d2e6337ea2df))), "-4.340483696373484e-46", "float.fromhex('-0x1.3d2e6337ea2dfp-151')"),
        // float.fromhex('0x1.45bfa4fcca39ap+611')
        (r(f(f64::from_bits(0x66245bfa4fcca39a))), "1.0813591471680046e+184", "float.fromhex('0x1.45bfa4fcca39ap+611')"),
        // float.fromhex('0x1.d83612ca93065p+29')
        (r(f(f64::from_bits(0x41cd83612ca93065))), "990298713.3217894", "float.fromhex('0x1.d83612ca93065p+29')"),
        // float.fromhex('-0x1.12e40ea160cacp+60')
        (r(f(f64::from_bits(0xc3b12e40ea160cac))), "-1.2379983217099192e+18", "float.fromhex('-0x1.12e40ea160cacp+60')"),
        // float.fromhex('-0x1.f0c82b651d587p-1')
        (r(f(f64::from_bits(0xbfef0c82b651d587))), "-0.970277172177405", "float.fromhex('-0x1.f0c82b651d587p-1')"),
        // float.fromhex('-0x1.5010150997fd2p+22')
        (r(f(f64::from_bits(0xc155010150997fd2))), "-5506053.259368854", "float.fromhex('-0x1.5010150997fd2p+22')"),
        // float.fromhex('-0x1.9f6fc22dab55dp+69')
        (r(f(f64::from_bits(0xc449f6fc22dab55d))), "-9.579314799858823e+20", "float.fromhex('-0x1.9f6fc22dab55dp+69')"),
        // float.fromhex('-0x1.145ccdb4adfe9p-1')
        (r(f(f64::from_bits(0xbfe145ccdb4adfe9))), "-0.5397705348068459", "float.fromhex('-0x1.145ccdb4adfe9p-1')"),
        // float.fromhex('-0x1.461d1e850caf8p+86')
        (r(f(f64::from_bits(0xc55461d1e850caf8))), "-9.85618322029813e+25", "float.fromhex('-0x1.461d1e850caf8p+86')"),
        // float.fromhex('-0x1.8404cc054e3bcp-34')
        (r(f(f64::from_bits(0xbdd8404cc054e3bc))), "-8.822524662473532e-11", "float.fromhex('-0x1.8404cc054e3bcp-34')"),
        // float.fromhex('0x1.eee5c10a5d916p+22')
        (r(f(f64::from_bits(0x415eee5c10a5d916))), "8108400.260122558", "float.fromhex('0x1.eee5c10a5d916p+22')"),
        // float.fromhex('-0x1.12a6bb56de153p+3')
        (r(f(f64::from_bits(0xc0212a6bb56de153))), "-8.582853002226932", "float.fromhex('-0x1.12a6bb56de153p+3')"),
        // float.fromhex('-0x1.3acd807c6d236p+55')
        (r(f(f64::from_bits(0xc363acd807c6d236))), "-4.430454720709061e+16", "float.fromhex('-0x1.3acd807c6d236p+55')"),
        // float.fromhex('-0x1.32d5fcff5eebbp-21')
        (r(f(f64::from_bits(0xbea32d5fcff5eebb))), "-5.715263852591228e-07", "float.fromhex('-0x1.32d5fcff5eebbp-21')"),
        // float.fromhex('0x1.e45194a3d863ep+71')
        (r(f(f64::from_bits(0x446e45194a3d863e))), "4.467051317619416e+21", "float.fromhex('0x1.e45194a3d863ep+71')"),
        // float.fromhex('0x1.8634222e826b6p+0')
        (r(f(f64::from_bits(0x3ff8634222e826b6))), "1.5242329944179978", "float.fromhex('0x1.8634222e826b6p+0')"),
        // float.fromhex('0x1.09128f088b036p+39')
        (r(f(f64::from_bits(0x42609128f088b036))), "569238848581.5066", "float.fromhex('0x1.09128f088b036p+39')"),
        // float.fromhex('-0x1.a97f53e2e7c3cp-28')
        (r(f(f64::from_bits(0xbe3a97f53e2e7c3c))), "-6.191801712762445e-09", "float.fromhex('-0x1.a97f53e2e7c3cp-28')"),
        // float.fromhex('0x1.e52d45e72697bp+24')
        (r(f(f64::from_bits(0x417e52d45e72697b))), "31796549.902932625", "float.fromhex('0x1.e52d45e72697bp+24')"),
        // float.fromhex('-0x1.1604f41cd1bcep+47')
        (r(f(f64::from_bits(0xc2e1604f41cd1bce))), "-152842753960158.44", "float.fromhex('-0x1.1604f41cd1bcep+47')"),
        // float.fromhex('0x1.00070074579c4p-37')
        (r(f(f64::from_bits(0x3da00070074579c4))), "7.276734967392064e-12", "float.fromhex('0x1.00070074579c4p-37')"),
        // float.fromhex('0x1.dc8a746c6f645p-29')
        (r(f(f64::from_bits(0x3e2dc8a746c6f645))), "3.467290945866031e-09", "float.fromhex('0x1.dc8a746c6f645p-29')"),
        // float.fromhex('-0x1.0c2e4509738dbp+23')
        (r(f(f64::from_bits(0xc160c2e4509738db))), "-8787746.518459728", "float.fromhex('-0x1.0c2e4509738dbp+23')"),
        // float.fromhex('0x1.9d219665eca52p-28')
        (r(f(f64::from_bits(0x3e39d219665eca52))), "6.011850217233975e-09", "float.fromhex('0x1.9d219665eca52p-28')"),
        // float.fromhex('-0x1.4970f084732b9p-8')
        (r(f(f64::from_bits(0xbf74970f084732b9))), "-0.005026873321594288", "float.fromhex('-0x1.4970f084732b9p-8')"),
        // float.fromhex('0x1.37b1377943758p-24')
        (r(f(f64::from_bits(0x3e737b1377943758))), "7.257150782068888e-08", "float.fromhex('0x1.37b1377943758p-24')"),
        // float.fromhex('-0x1.3879336841887p+7')
        (r(f(f64::from_bits(0xc063879336841887))), "-156.23672033119166", "float.fromhex('-0x1.3879336841887p+7')"),
        // float.fromhex('-0x1.06fb4971958f0p-37')
        (r(f(f64::from_bits(0xbda06fb4971958f0))), "-7.47438631980652e-12", "float.fromhex('-0x1.06fb4971958f0p-37')"),
        // float.fromhex('-0x1.8a9c1708a8e95p+66')
        (r(f(f64::from_bits(0xc418a9c1708a8e95))), "-1.1373850989308604e+20", "float.fromhex('-0x1.8a9c1708a8e95p+66')"),
        // float.fromhex('-0x1.1701c211056ecp+66')
        (r(f(f64::from_bits(0xc411701c211056ec))), "-8.041825435967993e+19", "float.fromhex('-0x1.1701c211056ecp+66')"),
        // float.fromhex('0x1.71775b4fad317p-31')
        (r(f(f64::from_bits(0x3e071775b4fad317))), "6.720551701599039e-10", "float.fromhex('0x1.71775b4fad317p-31')"),
        // float.fromhex('0x1.10dff76c49057p+3')
        (r(f(f64::from_bits(0x40210dff76c49057))), "8.527339660162552", "float.fromhex('0x1.10dff76c49057p+3')"),
        // float.fromhex('-0x1.da334f8f2de86p+55')
        (r(f(f64::from_bits(0xc36da334f8f2de86))), "-6.67377778792172e+16", "float.fromhex('-0x1.da334f8f2de86p+55')"),
        // float.fromhex('-0x1.bc732feb958eap+31')
        (r(f(f64::from_bits(0xc1ebc732feb958ea))), "-3728316405.792104", "float.fromhex('-0x1.bc732feb958eap+31')"),
        // float.fromhex('0x1.5197f281d8fa4p-14')
        (r(f(f64::from_bits(0x3f15197f281d8fa4))), "8.048857310210975e-05", "float.fromhex('0x1.5197f281d8fa4p-14')"),
        // float.fromhex('-0x1.208cf228ec610p+31')
        (r(f(f64::from_bits(0xc1e208cf228ec610))), "-2420537620.4616776", "float.fromhex('-0x1.208cf228ec610p+31')"),
        // float.fromhex('-0x1.ab17d89fbe101p+48')
        (r(f(f64::from_bits(0xc2fab17d89fbe101))), "-469593883655696.06", "float.fromhex('-0x1.ab17d89fbe101p+48')"),
        // float.fromhex('-0x1.7488800f2e81cp+68')
        (r(f(f64::from_bits(0xc437488800f2e81c))), "-4.295015421061594e+20", "float.fromhex('-0x1.7488800f2e81cp+68')"),
        // float.fromhex('0x1.cc10e166853ebp+54')
        (r(f(f64::from_bits(0x435cc10e166853eb))), "3.2374262390149036e+16", "float.fromhex('0x1.cc10e166853ebp+54')"),
        // float.fromhex('-0x1.af810412d415fp+12')
        (r(f(f64::from_bits(0xc0baf810412d415f))), "-6904.0634945187185", "float.fromhex('-0x1.af810412d415fp+12')"),
        // float.fromhex('-0x1.8d4cf8655d95ep-38')
        (r(f(f64::from_bits(0xbd98d4cf8655d95e))), "-5.645982031716502e-12", "float.fromhex('-0x1.8d4cf8655d95ep-38')"),
        // float.fromhex('0x1.b789f5fe2e07bp+63')
        (r(f(f64::from_bits(0x43eb789f5fe2e07b))), "1.5836058163251239e+19", "float.fromhex('0x1.b789f5fe2e07bp+63')"),
        // 5784987773131510683 / 34726048298935327313899
        (b(Div, big("5784987773131510683"), big("34726048298935327313899")), "0.0001665892912240427", "5784987773131510683 / 34726048298935327313899"),
        // 5784987773131510683 // 34726048298935327313899
        (b(FloorDiv, big("5784987773131510683"), big("34726048298935327313899")), "0", "5784987773131510683 // 34726048298935327313899"),
        // 5784987773131510683 % -34726048298935327313899
        (b(Mod, big("5784987773131510683"), neg_(big("34726048298935327313899"))), "-34720263311162195803216", "5784987773131510683 % -34726048298935327313899"),
        // 5784987773131510683 * 1.5 < 34726048298935327313899
        (cmp(Lt, b_(Mul, big("5784987773131510683"), f(1.5)), big("34726048298935327313899")), "True", "5784987773131510683 * 1.5 < 34726048298935327313899"),
        // hash(5784987773131510683)
        (h(big("5784987773131510683")), "1173301754704122781", "hash(5784987773131510683)"),
        // hash(5784987773131510683/34726048298935327313899)
        (h(b_(Div, big("5784987773131510683"), big("34726048298935327313899"))), "144499316828434695", "hash(5784987773131510683/34726048298935327313899)"),
        // 41749716262093366981791796732936541433567626492189180645 / 305
        (b(Div, big("41749716262093366981791796732936541433567626492189180645"), big("305")), "1.3688431561342087e+53", "41749716262093366981791796732936541433567626492189180645 / 305"),
        // 41749716262093366981791796732936541433567626492189180645 // 305
        (b(FloorDiv, big("41749716262093366981791796732936541433567626492189180645"), big("305")), "136884315613420875350137038468644398142844677023571084", "41749716262093366981791796732936541433567626492189180645 // 305"),
        // 41749716262093366981791796732936541433567626492189180645 % -305
        (b(Mod, big("41749716262093366981791796732936541433567626492189180645"), neg_(big("305"))), "-280", "41749716262093366981791796732936541433567626492189180645 % -305"),
        // 41749716262093366981791796732936541433567626492189180645 * 1.5 < 305
        (cmp(Lt, b_(Mul, big("41749716262093366981791796732936541433567626492189180645"), f(1.5)), big("305")), "False", "41749716262093366981791796732936541433567626492189180645 * 1.5 < 305"),
        // hash(41749716262093366981791796732936541433567626492189180645)
        (h(big("41749716262093366981791796732936541433567626492189180645")), "833402038175281369", "hash(41749716262093366981791796732936541433567626492189180645)"),
        // hash(41749716262093366981791796732936541433567626492189180645/305)
        (h(b_(Div, big("41749716262093366981791796732936541433567626492189180645"), big("305"))), "25745078355160204", "hash(41749716262093366981791796732936541433567626492189180645/305)"),
        // -34344502352374577868 / 61709
        (b(Div, big("-34344502352374577868"), big("61709")), "-556555807943323.94", "-34344502352374577868 / 61709"),
        // -34344502352374577868 // 61709
        (b(FloorDiv, big("-34344502352374577868"), big("61709")), "-556555807943324", "-34344502352374577868 // 61709"),
        // -34344502352374577868 % -61709
        (b(Mod, big("-34344502352374577868"), neg_(big("61709"))), "-58861", "-34344502352374577868 % -61709"),
        // -34344502352374577868 * 1.5 < 61709
        (cmp(Lt, b_(Mul, big("-34344502352374577868"), f(1.5)), big("61709")), "True", "-34344502352374577868 * 1.5 < 61709"),
        // hash(-34344502352374577868)
        (h(big("-34344502352374577868")), "-2062700223382862554", "hash(-34344502352374577868)"),
        // hash(-34344502352374577868/61709)
        (h(b_(Div, big("-34344502352374577868"), big("61709"))), "-2162284376945781403", "hash(-34344502352374577868/61709)"),
        // -19345923393593762736965599959296498686078850325049042794516 / 951982202296454506433211076899342947
        (b(Div, big("-19345923393593762736965599959296498686078850325049042794516"), big("951982202296454506433211076899342947")), "-2.0321728018576226e+22", "-19345923393593762736965599959296498686078850325049042794516 / 951982202296454506433211076899342947"),
        // -19345923393593762736965599959296498686078850325049042794516 // 951982202296454506433211076899342947
        (b(FloorDiv, big("-19345923393593762736965599959296498686078850325049042794516"), big("951982202296454506433211076899342947")), "-20321728018576228473806", "-19345923393593762736965599959296498686078850325049042794516 // 951982202296454506433211076899342947"),
        // -19345923393593762736965599959296498686078850325049042794516 % -951982202296454506433211076899342947
        (b(Mod, big("-19345923393593762736965599959296498686078850325049042794516"), neg_(big("951982202296454506433211076899342947"))), "-644425758544781231132401091941791181", "-19345923393593762736965599959296498686078850325049042794516 % -951982202296454506433211076899342947"),
        // -19345923393593762736965599959296498686078850325049042794516 * 1.5 < 951982202296454506433211076899342947
        (cmp(Lt, b_(Mul, big("-19345923393593762736965599959296498686078850325049042794516"), f(1.5)), big("951982202296454506433211076899342947")), "True", "-19345923393593762736965599959296498686078850325049042794516 * 1.5 < 951982202296454506433211076899342947"),
        // hash(-19345923393593762736965599959296498686078850325049042794516)
        (h(big("-19345923393593762736965599959296498686078850325049042794516")), "-346622276072741429", "hash(-19345923393593762736965599959296498686078850325049042794516)"),
        // hash(-19345923393593762736965599959296498686078850325049042794516/951982202296454506433211076899342947)
        (h(b_(Div, big("-19345923393593762736965599959296498686078850325049042794516"), big("951982202296454506433211076899342947"))), "-333578375941595757", "hash(-19345923393593762736965599959296498686078850325049042794516/951982202296454506433211076899342947)"),
        // -725100304187315364705078165046730327517 / 535542604527369483
        (b(Div, big("-725100304187315364705078165046730327517"), big("535542604527369483")), "-1.3539544717030227e+21", "-725100304187315364705078165046730327517 / 535542604527369483"),
        // -725100304187315364705078165046730327517 // 535542604527369483
        (b(FloorDiv, big("-725100304187315364705078165046730327517"), big("535542604527369483")), "-1353954471703022706589", "-725100304187315364705078165046730327517 // 535542604527369483"),
        // -725100304187315364705078165046730327517 % -535542604527369483
        (b(Mod, big("-725100304187315364705078165046730327517"), neg_(big("535542604527369483"))), "-251475584156073513", "-725100304187315364705078165046730327517 % -535542604527369483"),
        // -725100304187315364705078165046730327517 * 1.5 < 535542604527369483
        (cmp(Lt, b_(Mul, big("-725100304187315364705078165046730327517"), f(1.5)), big("535542604527369483")), "True", "-725100304187315364705078165046730327517 * 1.5 < 535542604527369483"),
        // hash(-725100304187315364705078165046730327517)
        (h(big("-725100304187315364705078165046730327517")), "-1155517710997408663", "hash(-725100304187315364705078165046730327517)"),
        // hash(-725100304187315364705078165046730327517/535542604527369483)
        (h(b_(Div, big("-725100304187315364705078165046730327517"), big("535542604527369483"))), "-424625294584316491", "hash(-725100304187315364705078165046730327517/535542604527369483)"),
        // 174474572356550557555 / 551
        (b(Div, big("174474572356550557555"), big("551")), "3.16650766527315e+17", "174474572356550557555 / 551"),
        // 174474572356550557555 // 551
        (b(FloorDiv, big("174474572356550557555"), big("551")), "316650766527314986", "174474572356550557555 // 551"),
        // 174474572356550557555 % -551
        (b(Mod, big("174474572356550557555"), neg_(big("551"))), "-282", "174474572356550557555 % -551"),
        // 174474572356550557555 * 1.5 < 551
        (cmp(Lt, b_(Mul, big("174474572356550557555"), f(1.5)), big("551")), "False", "174474572356550557555 * 1.5 < 551"),
        // hash(174474572356550557555)
        (h(big("174474572356550557555")), "1536346665523511230", "hash(174474572356550557555)"),
        // hash(174474572356550557555/551)
        (h(b_(Div, big("174474572356550557555"), big("551"))), "316650766527315008", "hash(174474572356550557555/551)"),
        // -18866796968679555849972214769868 / 3837356177421201611834572547051172
        (b(Div, big("-18866796968679555849972214769868"), big("3837356177421201611834572547051172")), "-0.004916613443310469", "-18866796968679555849972214769868 / 3837356177421201611834572547051172"),
        // -18866796968679555849972214769868 // 3837356177421201611834572547051172
        (b(FloorDiv, big("-18866796968679555849972214769868"), big("3837356177421201611834572547051172")), "-1", "-18866796968679555849972214769868 // 3837356177421201611834572547051172"),
        // -18866796968679555849972214769868 % -3837356177421201611834572547051172
        (b(Mod, big("-18866796968679555849972214769868"), neg_(big("3837356177421201611834572547051172"))), "-18866796968679555849972214769868", "-18866796968679555849972214769868 % -3837356177421201611834572547051172"),
        // -18866796968679555849972214769868 * 1.5 < 3837356177421201611834572547051172
        (cmp(Lt, b_(Mul, big("-18866796968679555849972214769868"), f(1.5)), big("3837356177421201611834572547051172")), "True", "-18866796968679555849972214769868 * 1.5 < 3837356177421201611834572547051172"),
        // hash(-18866796968679555849972214769868)
        (h(big("-18866796968679555849972214769868")), "-280406391276375054", "hash(-18866796968679555849972214769868)"),
        // hash(-18866796968679555849972214769868/3837356177421201611834572547051172)
        (h(b_(Div, big("-18866796968679555849972214769868"), big("3837356177421201611834572547051172"))), "-11336938737263514", "hash(-18866796968679555849972214769868/3837356177421201611834572547051172)"),
        // -2888242131191333499360637442876119224 / 487879251753063098994557
        (b(Div, big("-2888242131191333499360637442876119224"), big("487879251753063098994557")), "-5919993770616.83", "-2888242131191333499360637442876119224 / 487879251753063098994557"),
        // -2888242131191333499360637442876119224 // 487879251753063098994557
        (b(FloorDiv, big("-2888242131191333499360637442876119224"), big("487879251753063098994557")), "-5919993770617", "-2888242131191333499360637442876119224 // 487879251753063098994557"),
        // -2888242131191333499360637442876119224 % -487879251753063098994557
        (b(Mod, big("-2888242131191333499360637442876119224"), neg_(big("487879251753063098994557"))), "-404755816079869985582112", "-2888242131191333499360637442876119224 % -487879251753063098994557"),
        // -2888242131191333499360637442876119224 * 1.5 < 487879251753063098994557
        (cmp(Lt, b_(Mul, big("-2888242131191333499360637442876119224"), f(1.5)), big("487879251753063098994557")), "True", "-2888242131191333499360637442876119224 * 1.5 < 487879251753063098994557"),
        // hash(-2888242131191333499360637442876119224)
        (h(big("-2888242131191333499360637442876119224")), "-112281881875354188", "hash(-2888242131191333499360637442876119224)"),
        // hash(-2888242131191333499360637442876119224/487879251753063098994557)
        (h(b_(Div, big("-2888242131191333499360637442876119224"), big("487879251753063098994557"))), "-1914035761626231416", "hash(-2888242131191333499360637442876119224/487879251753063098994557)"),
        // 45693182683946586813878136350386159688322749929948754416 / 9239280544964609808676319515436816
        (b(Div, big("45693182683946586813878136350386159688322749929948754416"), big("9239280544964609808676319515436816")), "4.94553471577928e+21", "45693182683946586813878136350386159688322749929948754416 / 9239280544964609808676319515436816"),
        // 45693182683946586813878136350386159688322749929948754416 // 9239280544964609808676319515436816
        (b(FloorDiv, big("45693182683946586813878136350386159688322749929948754416"), big("9239280544964609808676319515436816")), "4945534715779280434618", "45693182683946586813878136350386159688322749929948754416 // 9239280544964609808676319515436816"),
        // 45693182683946586813878136350386159688322749929948754416 % -9239280544964609808676319515436816
        (b(Mod, big("45693182683946586813878136350386159688322749929948754416"), neg_(big("9239280544964609808676319515436816"))), "-7002315317624937827603522164778688", "45693182683946586813878136350386159688322749929948754416 % -9239280544964609808676319515436816"),
        // 45693182683946586813878136350386159688322749929948754416 * 1.5 < 9239280544964609808676319515436816
        (cmp(Lt, b_(Mul, big("45693182683946586813878136350386159688322749929948754416"), f(1.5)), big("9239280544964609808676319515436816")), "False", "45693182683946586813878136350386159688322749929948754416 * 1.5 < 9239280544964609808676319515436816"),
        // hash(45693182683946586813878136350386159688322749929948754416)
        (h(big("45693182683946586813878136350386159688322749929948754416")), "1301593046125908332", "hash(45693182683946586813878136350386159688322749929948754416)"),
        // hash(45693182683946586813878136350386159688322749929948754416/9239280544964609808676319515436816)
        (h(b_(Div, big("45693182683946586813878136350386159688322749929948754416"), big("9239280544964609808676319515436816"))), "1807304025120442464", "hash(45693182683946586813878136350386159688322749929948754416/9239280544964609808676319515436816)"),
        // -23492910380831795512603 / 28367528108
        (b(Div, big("-23492910380831795512603"), big("28367528108")), "-828162055269.3309", "-23492910380831795512603 / 28367528108"),
        // -23492910380831795512603 // 28367528108
        (b(FloorDiv, big("-23492910380831795512603"), big("28367528108")), "-828162055270", "-23492910380831795512603 // 28367528108"),
        // -23492910380831795512603 % -28367528108
        (b(Mod, big("-23492910380831795512603"), neg_(big("28367528108"))), "-9388511551", "-23492910380831795512603 % -28367528108"),
        // -23492910380831795512603 * 1.5 < 28367528108
        (cmp(Lt, b_(Mul, big("-23492910380831795512603"), f(1.5)), big("28367528108")), "True", "-23492910380831795512603 * 1.5 < 28367528108"),
        // hash(-23492910380831795512603)
        (h(big("-23492910380831795512603")), "-981802962681539815", "hash(-23492910380831795512603)"),
        // hash(-23492910380831795512603/28367528108)
        (h(b_(Div, big("-23492910380831795512603"), big("28367528108"))), "-763079490024643685", "hash(-23492910380831795512603/28367528108)"),
        // -46228350726098701287513358950667737035787 / 8183357896
        (b(Div, big("-46228350726098701287513358950667737035787"), big("8183357896")), "-5.64906867249384e+30", "-46228350726098701287513358950667737035787 / 8183357896"),
        // -46228350726098701287513358950667737035787 // 8183357896
        (b(FloorDiv, big("-46228350726098701287513358950667737035787"), big("8183357896")), "-5649068672493839720426833321365", "-46228350726098701287513358950667737035787 // 8183357896"),
        // -46228350726098701287513358950667737035787 % -8183357896
        (b(Mod, big("-46228350726098701287513358950667737035787"), neg_(big("8183357896"))), "-7742145643", "-46228350726098701287513358950667737035787 % -8183357896"),
        // -46228350726098701287513358950667737035787 * 1.5 < 8183357896
        (cmp(Lt, b_(Mul, big("-46228350726098701287513358950667737035787"), f(1.5)), big("8183357896")), "True", "-46228350726098701287513358950667737035787 * 1.5 < 8183357896"),
        // hash(-46228350726098701287513358950667737035787)
        (h(big("-46228350726098701287513358950667737035787")), "-199218481509068623", "hash(-46228350726098701287513358950667737035787)"),
        // hash(-46228350726098701287513358950667737035787/8183357896)
        (h(b_(Div, big("-46228350726098701287513358950667737035787"), big("8183357896"))), "-115970140297801167", "hash(-46228350726098701287513358950667737035787/8183357896)"),
        // -5850241410306989897 / 54113115915735985096558348895220
        (b(Div, big("-5850241410306989897"), big("54113115915735985096558348895220")), "-1.0811133883727718e-13", "-5850241410306989897 / 54113115915735985096558348895220"),
        // -5850241410306989897 // 54113115915735985096558348895220
        (b(FloorDiv, big("-5850241410306989897"), big("54113115915735985096558348895220")), "-1", "-5850241410306989897 // 54113115915735985096558348895220"),
        // -5850241410306989897 % -54113115915735985096558348895220
        (b(Mod, big("-5850241410306989897"), neg_(big("54113115915735985096558348895220"))), "-5850241410306989897", "-5850241410306989897 % -54113115915735985096558348895220"),
        // -5850241410306989897 * 1.5 < 54113115915735985096558348895220
        (cmp(Lt, b_(Mul, big("-5850241410306989897"), f(1.5)), big("54113115915735985096558348895220")), "True", "-5850241410306989897 * 1.5 < 54113115915735985096558348895220"),
        // hash(-5850241410306989897)
        (h(big("-5850241410306989897")), "-1238555391879601995", "hash(-5850241410306989897)"),
        // hash(-5850241410306989897/54113115915735985096558348895220)
        (h(b_(Div, big("-5850241410306989897"), big("54113115915735985096558348895220"))), "-1786739337401191879", "hash(-5850241410306989897/54113115915735985096558348895220)"),
        // 2533493905165343367224500 / 27954367718663488306092450250
        (b(Div, big("2533493905165343367224500"), big("27954367718663488306092450250")), "9.062962649210193e-05", "2533493905165343367224500 / 27954367718663488306092450250"),
        // 2533493905165343367224500 // 27954367718663488306092450250
        (b(FloorDiv, big("2533493905165343367224500"), big("27954367718663488306092450250")), "0", "2533493905165343367224500 // 27954367718663488306092450250"),
        // 2533493905165343367224500 % -27954367718663488306092450250
        (b(Mod, big("2533493905165343367224500"), neg_(big("27954367718663488306092450250"))), "-27951834224758322962725225750", "2533493905165343367224500 % -27954367718663488306092450250"),
        // 2533493905165343367224500 * 1.5 < 27954367718663488306092450250
        (cmp(Lt, b_(Mul, big("2533493905165343367224500"), f(1.5)), big("27954367718663488306092450250")), "True", "2533493905165343367224500 * 1.5 < 27954367718663488306092450250"),
        // hash(2533493905165343367224500)
        (h(big("2533493905165343367224500")), "1933181009053524123", "hash(2533493905165343367224500)"),
        // hash(2533493905165343367224500/27954367718663488306092450250)
        (h(b_(Div, big("2533493905165343367224500"), big("27954367718663488306092450250"))), "1009015294221665565", "hash(2533493905165343367224500/27954367718663488306092450250)"),
        // 690596742946683211661232262591974102326199162800 / 439670674429004293087
        (b(Div, big("690596742946683211661232262591974102326199162800"), big("439670674429004293087")), "1.5707136798321927e+27", "690596742946683211661232262591974102326199162800 / 439670674429004293087"),
        // 690596742946683211661232262591974102326199162800 // 439670674429004293087
        (b(FloorDiv, big("690596742946683211661232262591974102326199162800"), big("439670674429004293087")), "1570713679832192537368871807", "690596742946683211661232262591974102326199162800 // 439670674429004293087"),
        // 690596742946683211661232262591974102326199162800 % -439670674429004293087
        (b(Mod, big("690596742946683211661232262591974102326199162800"), neg_(big("439670674429004293087"))), "-130194170623564428496", "690596742946683211661232262591974102326199162800 % -439670674429004293087"),
        // 690596742946683211661232262591974102326199162800 * 1.5 < 439670674429004293087
        (cmp(Lt, b_(Mul, big("690596742946683211661232262591974102326199162800"), f(1.5)), big("439670674429004293087")), "False", "690596742946683211661232262591974102326199162800 * 1.5 < 439670674429004293087"),
        // hash(690596742946683211661232262591974102326199162800)
        (h(big("690596742946683211661232262591974102326199162800")), "2059035418079342132", "hash(690596742946683211661232262591974102326199162800)"),
        // hash(690596742946683211661232262591974102326199162800/439670674429004293087)
        (h(b_(Div, big("690596742946683211661232262591974102326199162800"), big("439670674429004293087"))), "1408191546495999097", "hash(690596742946683211661232262591974102326199162800/439670674429004293087)"),
        // 290681648844318795858110853967871819191290745585250029684962 / 20730102760747953375025569361126087
        (b(Div, big("290681648844318795858110853967871819191290745585250029684962"), big("20730102760747953375025569361126087")), "1.402220009225998e+25", "290681648844318795858110853967871819191290745585250029684962 / 20730102760747953375025569361126087"),
        // 290681648844318795858110853967871819191290745585250029684962 // 20730102760747953375025569361126087
        (b(FloorDiv, big("290681648844318795858110853967871819191290745585250029684962"), big("20730102760747953375025569361126087")), "14022200092259978935763903", "290681648844318795858110853967871819191290745585250029684962 // 20730102760747953375025569361126087"),
        // 290681648844318795858110853967871819191290745585250029684962 % -20730102760747953375025569361126087
        (b(Mod, big("290681648844318795858110853967871819191290745585250029684962"), neg_(big("20730102760747953375025569361126087"))), "-16371277986858978981450968977678686", "290681648844318795858110853967871819191290745585250029684962 % -20730102760747953375025569361126087"),
        // 290681648844318795858110853967871819191290745585250029684962 * 1.5 < 20730102760747953375025569361126087
        (cmp(Lt, b_(Mul, big("290681648844318795858110853967871819191290745585250029684962"), f(1.5)), big("20730102760747953375025569361126087")), "False", "290681648844318795858110853967871819191290745585250029684962 * 1.5 < 20730102760747953375025569361126087"),
        // hash(290681648844318795858110853967871819191290745585250029684962)
        (h(big("290681648844318795858110853967871819191290745585250029684962")), "390928394301841857", "hash(290681648844318795858110853967871819191290745585250029684962)"),
        // hash(290681648844318795858110853967871819191290745585250029684962/20730102760747953375025569361126087)
        (h(b_(Div, big("290681648844318795858110853967871819191290745585250029684962"), big("20730102760747953375025569361126087"))), "2124193041087253127", "hash(290681648844318795858110853967871819191290745585250029684962/20730102760747953375025569361126087)"),
        // -42312774765722376777418 / 1119166813957836985189338
        (b(Div, big("-42312774765722376777418"), big("1119166813957836985189338")), "-0.03780738870918348", "-42312774765722376777418 / 1119166813957836985189338"),
        // -42312774765722376777418 // 1119166813957836985189338
        (b(FloorDiv, big("-42312774765722376777418"), big("1119166813957836985189338")), "-1", "-42312774765722376777418 // 1119166813957836985189338"),
        // -42312774765722376777418 % -1119166813957836985189338
        (b(Mod, big("-42312774765722376777418"), neg_(big("1119166813957836985189338"))), "-42312774765722376777418", "-42312774765722376777418 % -1119166813957836985189338"),
        // -42312774765722376777418 * 1.5 < 1119166813957836985189338
        (cmp(Lt, b_(Mul, big("-42312774765722376777418"), f(1.5)), big("1119166813957836985189338")), "True", "-42312774765722376777418 * 1.5 < 1119166813957836985189338"),
        // hash(-42312774765722376777418)
        (h(big("-42312774765722376777418")), "-555546651092776568", "hash(-42312774765722376777418)"),
        // hash(-42312774765722376777418/1119166813957836985189338)
        (h(b_(Div, big("-42312774765722376777418"), big("1119166813957836985189338"))), "-87177902951695472", "hash(-42312774765722376777418/1119166813957836985189338)"),
        // 1038362412759355452143435110599828 / 7648859475867813798378545588478064
        (b(Div, big("1038362412759355452143435110599828"), big("7648859475867813798378545588478064")), "0.1357538880189123", "1038362412759355452143435110599828 / 7648859475867813798378545588478064"),
        // 1038362412759355452143435110599828 // 7648859475867813798378545588478064
        (b(FloorDiv, big("1038362412759355452143435110599828"), big("7648859475867813798378545588478064")), "0", "1038362412759355452143435110599828 // 7648859475867813798378545588478064"),
        // 1038362412759355452143435110599828 % -7648859475867813798378545588478064
        (b(Mod, big("1038362412759355452143435110599828"), neg_(big("7648859475867813798378545588478064"))), "-6610497063108458346235110477878236", "1038362412759355452143435110599828 % -7648859475867813798378545588478064"),
        // 1038362412759355452143435110599828 * 1.5 < 7648859475867813798378545588478064
        (cmp(Lt, b_(Mul, big("1038362412759355452143435110599828"), f(1.5)), big("7648859475867813798378545588478064")), "True", "1038362412759355452143435110599828 * 1.5 < 7648859475867813798378545588478064"),
        // hash(1038362412759355452143435110599828)
        (h(big("1038362412759355452143435110599828")), "692235777666181085", "hash(1038362412759355452143435110599828)"),
        // hash(1038362412759355452143435110599828/7648859475867813798378545588478064)
        (h(b_(Div, big("1038362412759355452143435110599828"), big("7648859475867813798378545588478064"))), "313027153661987584", "hash(1038362412759355452143435110599828/7648859475867813798378545588478064)"),
        // 29196987658677106222758981280886445210408 / 26453553298
        (b(Div, big("29196987658677106222758981280886445210408"), big("26453553298")), "1.103707593825761e+30", "29196987658677106222758981280886445210408 / 26453553298"),
        // 29196987658677106222758981280886445210408 // 26453553298
        (b(FloorDiv, big("29196987658677106222758981280886445210408"), big("26453553298")), "1103707593825761071213465429739", "29196987658677106222758981280886445210408 // 26453553298"),
        // 29196987658677106222758981280886445210408 % -26453553298
        (b(Mod, big("29196987658677106222758981280886445210408"), neg_(big("26453553298"))), "-21119072112", "29196987658677106222758981280886445210408 % -26453553298"),
        // 29196987658677106222758981280886445210408 * 1.5 < 26453553298
        (cmp(Lt, b_(Mul, big("29196987658677106222758981280886445210408"), f(1.5)), big("26453553298")), "False", "29196987658677106222758981280886445210408 * 1.5 < 26453553298"),
        // hash(29196987658677106222758981280886445210408)
        (h(big("29196987658677106222758981280886445210408")), "1820637586288989682", "hash(29196987658677106222758981280886445210408)"),
        // hash(29196987658677106222758981280886445210408/26453553298)
        (h(b_(Div, big("29196987658677106222758981280886445210408"), big("26453553298"))), "1972717852933500981", "hash(29196987658677106222758981280886445210408/26453553298)"),
        // -5863706508864827310362 / 107144847
        (b(Div, big("-5863706508864827310362"), big("107144847")), "-54726911027880.11", "-5863706508864827310362 / 107144847"),
        // -5863706508864827310362 // 107144847
        (b(FloorDiv, big("-5863706508864827310362"), big("107144847")), "-54726911027881", "-5863706508864827310362 // 107144847"),
        // -5863706508864827310362 % -107144847
        (b(Mod, big("-5863706508864827310362"), neg_(big("107144847"))), "-11976002", "-5863706508864827310362 % -107144847"),
        // -5863706508864827310362 * 1.5 < 107144847
        (cmp(Lt, b_(Mul, big("-5863706508864827310362"), f(1.5)), big("107144847")), "True", "-5863706508864827310362 * 1.5 < 107144847"),
        // hash(-5863706508864827310362)
        (h(big("-5863706508864827310362")), "-2253579443617286920", "hash(-5863706508864827310362)"),
        // hash(-5863706508864827310362/107144847)
        (h(b_(Div, big("-5863706508864827310362"), big("107144847"))), "-252256306043775656", "hash(-5863706508864827310362/107144847)"),
        // 43656987527689556923972925529904258853718345332451 / 11
        (b(Div, big("43656987527689556923972925529904258853718345332451"), big("11")), "3.968817047971778e+48", "43656987527689556923972925529904258853718345332451 / 11"),
        // 43656987527689556923972925529904258853718345332451 // 11
        (b(FloorDiv, big("43656987527689556923972925529904258853718345332451"), big("11")), "3968817047971777902179356866354932623065304121131", "43656987527689556923972925529904258853718345332451 // 11"),
        // 43656987527689556923972925529904258853718345332451 % -11
        (b(Mod, big("43656987527689556923972925529904258853718345332451"), neg_(big("11"))), "-1", "43656987527689556923972925529904258853718345332451 % -11"),
        // 43656987527689556923972925529904258853718345332451 * 1.5 < 11
        (cmp(Lt, b_(Mul, big("43656987527689556923972925529904258853718345332451"), f(1.5)), big("11")), "False", "43656987527689556923972925529904258853718345332451 * 1.5 < 11"),
        // hash(43656987527689556923972925529904258853718345332451)
        (h(big("43656987527689556923972925529904258853718345332451")), "792384807185828496", "hash(43656987527689556923972925529904258853718345332451)"),
        // hash(43656987527689556923972925529904258853718345332451/11)
        (h(b_(Div, big("43656987527689556923972925529904258853718345332451"), big("11"))), "189151930801083926", "hash(43656987527689556923972925529904258853718345332451/11)"),
        // 497442183361586969183617408464 / 367736069586554407158837197913
        (b(Div, big("497442183361586969183617408464"), big("367736069586554407158837197913")), "1.3527152338383917", "497442183361586969183617408464 / 367736069586554407158837197913"),
        // 497442183361586969183617408464 // 367736069586554407158837197913
        (b(FloorDiv, big("497442183361586969183617408464"), big("367736069586554407158837197913")), "1", "497442183361586969183617408464 // 367736069586554407158837197913"),
        // 497442183361586969183617408464 % -367736069586554407158837197913
        (b(Mod, big("497442183361586969183617408464"), neg_(big("367736069586554407158837197913"))), "-238029955811521845134056987362", "497442183361586969183617408464 % -367736069586554407158837197913"),
        // 497442183361586969183617408464 * 1.5 < 367736069586554407158837197913
        (cmp(Lt, b_(Mul, big("497442183361586969183617408464"), f(1.5)), big("367736069586554407158837197913")), "False", "497442183361586969183617408464 * 1.5 < 367736069586554407158837197913"),
        // hash(497442183361586969183617408464)
        (h(big("497442183361586969183617408464")), "1443678415144491810", "hash(497442183361586969183617408464)"),
        // hash(497442183361586969183617408464/367736069586554407158837197913)
        (h(b_(Div, big("497442183361586969183617408464"), big("367736069586554407158837197913"))), "813305956189428737", "hash(497442183361586969183617408464/367736069586554407158837197913)"),
        // 1890531428697834539011284447471313220701316653 / 28739
        (b(Div, big("1890531428697834539011284447471313220701316653"), big("28739")), "6.57827839764026e+40", "1890531428697834539011284447471313220701316653 / 28739"),
        // 1890531428697834539011284447471313220701316653 // 28739
        (b(FloorDiv, big("1890531428697834539011284447471313220701316653"), big("28739")), "65782783976402607571985262099283664034980", "1890531428697834539011284447471313220701316653 // 28739"),
        // 1890531428697834539011284447471313220701316653 % -28739
        (b(Mod, big("1890531428697834539011284447471313220701316653"), neg_(big("28739"))), "-2306", "1890531428697834539011284447471313220701316653 % -28739"),
        // 1890531428697834539011284447471313220701316653 * 1.5 < 28739
        (cmp(Lt, b_(Mul, big("1890531428697834539011284447471313220701316653"), f(1.5)), big("28739")), "False", "1890531428697834539011284447471313220701316653 * 1.5 < 28739"),
        // hash(1890531428697834539011284447471313220701316653)
        (h(big("1890531428697834539011284447471313220701316653")), "385085687624884671", "hash(1890531428697834539011284447471313220701316653)"),
        // hash(1890531428697834539011284447471313220701316653/28739)
        (h(b_(Div, big("1890531428697834539011284447471313220701316653"), big("28739"))), "845209752311967828", "hash(1890531428697834539011284447471313220701316653/28739)"),
        // -81710219421173745609405521691320027 / 4
        (b(Div, big("-81710219421173745609405521691320027"), big("4")), "-2.0427554855293436e+34", "-81710219421173745609405521691320027 / 4"),
        // -81710219421173745609405521691320027 // 4
        (b(FloorDiv, big("-81710219421173745609405521691320027"), big("4")), "-20427554855293436402351380422830007", "-81710219421173745609405521691320027 // 4"),
        // -81710219421173745609405521691320027 % -4
        (b(Mod, big("-81710219421173745609405521691320027"), neg_(big("4"))), "-3", "-81710219421173745609405521691320027 % -4"),
        // -81710219421173745609405521691320027 * 1.5 < 4
        (cmp(Lt, b_(Mul, big("-81710219421173745609405521691320027"), f(1.5)), big("4")), "True", "-81710219421173745609405521691320027 * 1.5 < 4"),
        // hash(-81710219421173745609405521691320027)
        (h(big("-81710219421173745609405521691320027")), "-1522054345241907095", "hash(-81710219421173745609405521691320027)"),
        // hash(-81710219421173745609405521691320027/4)
        (h(b_(Div, big("-81710219421173745609405521691320027"), big("4"))), "-8859039741070383", "hash(-81710219421173745609405521691320027/4)"),
        // 2099292012419497660662240167024867577481983357764 / 649183875166506
        (b(Div, big("2099292012419497660662240167024867577481983357764"), big("649183875166506")), "3.2337402278839114e+33", "2099292012419497660662240167024867577481983357764 / 649183875166506"),
        // 2099292012419497660662240167024867577481983357764 // 649183875166506
        (b(FloorDiv, big("2099292012419497660662240167024867577481983357764"), big("649183875166506")), "3233740227883911180446682616713812", "2099292012419497660662240167024867577481983357764 // 649183875166506"),
        // 2099292012419497660662240167024867577481983357764 % -649183875166506
        (b(Mod, big("2099292012419497660662240167024867577481983357764"), neg_(big("649183875166506"))), "-647661941789614", "2099292012419497660662240167024867577481983357764 % -649183875166506"),
        // 2099292012419497660662240167024867577481983357764 * 1.5 < 649183875166506
        (cmp(Lt, b_(Mul, big("2099292012419497660662240167024867577481983357764"), f(1.5)), big("649183875166506")), "False", "2099292012419497660662240167024867577481983357764 * 1.5 < 649183875166506"),
        // hash(2099292012419497660662240167024867577481983357764)
        (h(big("2099292012419497660662240167024867577481983357764")), "2083811151111154357", "hash(2099292012419497660662240167024867577481983357764)"),
        // hash(2099292012419497660662240167024867577481983357764/649183875166506)
        (h(b_(Div, big("2099292012419497660662240167024867577481983357764"), big("649183875166506"))), "1730784668182400666", "hash(2099292012419497660662240167024867577481983357764/649183875166506)"),
        // 135383918208160754388375535244 / 88664475830831971959
        (b(Div, big("135383918208160754388375535244"), big("88664475830831971959")), "1526924023.8499517", "135383918208160754388375535244 / 88664475830831971959"),
        // 135383918208160754388375535244 // 88664475830831971959
        (b(FloorDiv, big("135383918208160754388375535244"), big("88664475830831971959")), "1526924023", "135383918208160754388375535244 // 88664475830831971959"),
        // 135383918208160754388375535244 % -88664475830831971959
        (b(Mod, big("135383918208160754388375535244"), neg_(big("88664475830831971959"))), "-13303943503115907772", "135383918208160754388375535244 % -88664475830831971959"),
        // 135383918208160754388375535244 * 1.5 < 88664475830831971959
        (cmp(Lt, b_(Mul, big("135383918208160754388375535244"), f(1.5)), big("88664475830831971959")), "False", "135383918208160754388375535244 * 1.5 < 88664475830831971959"),
        // hash(135383918208160754388375535244)
        (h(big("135383918208160754388375535244")), "818787033069460748", "hash(135383918208160754388375535244)"),
        // hash(135383918208160754388375535244/88664475830831971959)
        (h(b_(Div, big("135383918208160754388375535244"), big("88664475830831971959"))), "1959855288781832951", "hash(135383918208160754388375535244/88664475830831971959)"),
        // -1193966333825929652232450317910 / 1025190039235315273352839
        (b(Div, big("-1193966333825929652232450317910"), big("1025190039235315273352839")), "-1164629.2766524574", "-1193966333825929652232450317910 / 1025190039235315273352839"),
        // -1193966333825929652232450317910 // 1025190039235315273352839
        (b(FloorDiv, big("-1193966333825929652232450317910"), big("1025190039235315273352839")), "-1164630", "-1193966333825929652232450317910 // 1025190039235315273352839"),
        // -1193966333825929652232450317910 % -1025190039235315273352839
        (b(Mod, big("-1193966333825929652232450317910"), neg_(big("1025190039235315273352839"))), "-283621343660742806786179", "-1193966333825929652232450317910 % -1025190039235315273352839"),
        // -1193966333825929652232450317910 * 1.5 < 1025190039235315273352839
        (cmp(Lt, b_(Mul, big("-1193966333825929652232450317910"), f(1.5)), big("1025190039235315273352839")), "True", "-1193966333825929652232450317910 * 1.5 < 1025190039235315273352839"),
        // hash(-1193966333825929652232450317910)
        (h(big("-1193966333825929652232450317910")), "-1038504245529938857", "hash(-1193966333825929652232450317910)"),
        // hash(-1193966333825929652232450317910/1025190039235315273352839)
        (h(b_(Div, big("-1193966333825929652232450317910"), big("1025190039235315273352839"))), "-637917134937245013", "hash(-1193966333825929652232450317910/1025190039235315273352839)"),
        // -726135789907093888290976 / 31134217750434701164441622
        (b(Div, big("-726135789907093888290976"), big("31134217750434701164441622")), "-0.023322756837112296", "-726135789907093888290976 / 31134217750434701164441622"),
        // -726135789907093888290976 // 31134217750434701164441622
        (b(FloorDiv, big("-726135789907093888290976"), big("31134217750434701164441622")), "-1", "-726135789907093888290976 // 31134217750434701164441622"),
        // -726135789907093888290976 % -31134217750434701164441622
        (b(Mod, big("-726135789907093888290976"), neg_(big("31134217750434701164441622"))), "-726135789907093888290976", "-726135789907093888290976 % -31134217750434701164441622"),
        // -726135789907093888290976 * 1.5 < 31134217750434701164441622
        (cmp(Lt, b_(Mul, big("-726135789907093888290976"), f(1.5)), big("31134217750434701164441622")), "True", "-726135789907093888290976 * 1.5 < 31134217750434701164441622"),
        // hash(-726135789907093888290976)
        (h(big("-726135789907093888290976")), "-462032600312487615", "hash(-726135789907093888290976)"),
        // hash(-726135789907093888290976/31134217750434701164441622)
        (h(b_(Div, big("-726135789907093888290976"), big("31134217750434701164441622"))), "-53778615808446272", "hash(-726135789907093888290976/31134217750434701164441622)"),
        // -17883809244593599133051809345953462779 / 26929440649595523317481231
        (b(Div, big("-17883809244593599133051809345953462779"), big("26929440649595523317481231")), "-664098800910.7501", "-17883809244593599133051809345953462779 / 26929440649595523317481231"),
        // -17883809244593599133051809345953462779 // 26929440649595523317481231
        (b(FloorDiv, big("-17883809244593599133051809345953462779"), big("26929440649595523317481231")), "-664098800911", "-17883809244593599133051809345953462779 // 26929440649595523317481231"),
        // -17883809244593599133051809345953462779 % -26929440649595523317481231
        (b(Mod, big("-17883809244593599133051809345953462779"), neg_(big("26929440649595523317481231"))), "-20200621408578597422742569", "-17883809244593599133051809345953462779 % -26929440649595523317481231"),
        // -17883809244593599133051809345953462779 * 1.5 < 26929440649595523317481231
        (cmp(Lt, b_(Mul, big("-17883809244593599133051809345953462779"), f(1.5)), big("26929440649595523317481231")), "True", "-17883809244593599133051809345953462779 * 1.5 < 26929440649595523317481231"),
        // hash(-17883809244593599133051809345953462779)
        (h(big("-17883809244593599133051809345953462779")), "-880539420721246127", "hash(-17883809244593599133051809345953462779)"),
        // hash(-17883809244593599133051809345953462779/26929440649595523317481231)
        (h(b_(Div, big("-17883809244593599133051809345953462779"), big("26929440649595523317481231"))), "-1729664395985782030", "hash(-17883809244593599133051809345953462779/26929440649595523317481231)"),
        // 14461657462363020293640305298302679529498792483178028928282 / 41792307202588060
        (b(Div, big("14461657462363020293640305298302679529498792483178028928282"), big("41792307202588060")), "3.4603635047618185e+41", "14461657462363020293640305298302679529498792483178028928282 / 41792307202588060"),
        // 14461657462363020293640305298302679529498792483178028928282 // 41792307202588060
        (b(FloorDiv, big("14461657462363020293640305298302679529498792483178028928282"), big("41792307202588060")), "346036350476181833206540895235718388387397", "14461657462363020293640305298302679529498792483178028928282 // 41792307202588060"),
        // 14461657462363020293640305298302679529498792483178028928282 % -41792307202588060
        (b(Mod, big("14461657462363020293640305298302679529498792483178028928282"), neg_(big("41792307202588060"))), "-10673737460339598", "14461657462363020293640305298302679529498792483178028928282 % -41792307202588060"),
        // 14461657462363020293640305298302679529498792483178028928282 * 1.5 < 41792307202588060
        (cmp(Lt, b_(Mul, big("14461657462363020293640305298302679529498792483178028928282"), f(1.5)), big("41792307202588060")), "False", "14461657462363020293640305298302679529498792483178028928282 * 1.5 < 41792307202588060"),
        // hash(14461657462363020293640305298302679529498792483178028928282)
        (h(big("14461657462363020293640305298302679529498792483178028928282")), "440388602210196414", "hash(14461657462363020293640305298302679529498792483178028928282)"),
        // hash(14461657462363020293640305298302679529498792483178028928282/41792307202588060)
        (h(b_(Div, big("14461657462363020293640305298302679529498792483178028928282"), big("41792307202588060"))), "470452447081463354", "hash(14461657462363020293640305298302679529498792483178028928282/41792307202588060)"),
        // -1250751136699066384125983163939354670921 / 3786791217275566123237825038661
        (b(Div, big("-1250751136699066384125983163939354670921"), big("3786791217275566123237825038661")), "-330293133.4035702", "-1250751136699066384125983163939354670921 / 3786791217275566123237825038661"),
        // -1250751136699066384125983163939354670921 // 3786791217275566123237825038661
        (b(FloorDiv, big("-1250751136699066384125983163939354670921"), big("3786791217275566123237825038661")), "-330293134", "-1250751136699066384125983163939354670921 // 3786791217275566123237825038661"),
        // -1250751136699066384125983163939354670921 % -3786791217275566123237825038661
        (b(Mod, big("-1250751136699066384125983163939354670921"), neg_(big("3786791217275566123237825038661"))), "-1528235924933097827814166856008", "-1250751136699066384125983163939354670921 % -3786791217275566123237825038661"),
        // -1250751136699066384125983163939354670921 * 1.5 < 3786791217275566123237825038661
        (cmp(Lt, b_(Mul, big("-1250751136699066384125983163939354670921"), f(1.5)), big("3786791217275566123237825038661")), "True", "-1250751136699066384125983163939354670921 * 1.5 < 3786791217275566123237825038661"),
        // hash(-1250751136699066384125983163939354670921)
        (h(big("-1250751136699066384125983163939354670921")), "-1785717212637858687", "hash(-1250751136699066384125983163939354670921)"),
        // hash(-1250751136699066384125983163939354670921/3786791217275566123237825038661)
        (h(b_(Div, big("-1250751136699066384125983163939354670921"), big("3786791217275566123237825038661"))), "-930569467475255181", "hash(-1250751136699066384125983163939354670921/3786791217275566123237825038661)"),
        // 'x' + chr(0xfaa7)
        (r(s("x\u{faa7}")), "'x盛'", "'x' + chr(0xfaa7)"),
        // 'x' + chr(0x35165)
        (r(s("x\u{35165}")), "'x\\U00035165'", "'x' + chr(0x35165)"),
        // 'x' + chr(0x2db20)
        (r(s("x\u{2db20}")), "'x𭬠'", "'x' + chr(0x2db20)"),
        // 'x' + chr(0x1199)
        (r(s("x\u{1199}")), "'xᆙ'", "'x' + chr(0x1199)"),
        // 'x' + chr(0x3d8)
        (r(s("x\u{3d8}")), "'xϘ'", "'x' + chr(0x3d8)"),
        // 'x' + chr(0x2e43b)
        (r(s("x\u{2e43b}")), "'x𮐻'", "'x' + chr(0x2e43b)"),
        // 'x' + chr(0x824c6)
        (r(s("x\u{824c6}")), "'x\\U000824c6'", "'x' + chr(0x824c6)"),
        // 'x' + chr(0x2fac6)
        (r(s("x\u{2fac6}")), "'x\\U0002fac6'", "'x' + chr(0x2fac6)"),
        // 'x' + chr(0x52f)
        (r(s("x\u{52f}")), "'xԯ'", "'x' + chr(0x52f)"),
        // 'x' + chr(0x9681)
        (r(s("x\u{9681}")), "'x隁'", "'x' + chr(0x9681)"),
        // 'x' + chr(0x4c4f4)
        (r(s("x\u{4c4f4}")), "'x\\U0004c4f4'", "'x' + chr(0x4c4f4)"),
        // 'x' + chr(0x2f7)
        (r(s("x\u{2f7}")), "'x˷'", "'x' + chr(0x2f7)"),
        // 'x' + chr(0x9a3a)
        (r(s("x\u{9a3a}")), "'x騺'", "'x' + chr(0x9a3a)"),
        // 'x' + chr(0x3025e)
        (r(s("x\u{3025e}")), "'x𰉞'", "'x' + chr(0x3025e)"),
        // 'x' + chr(0xa677)
        (r(s("x\u{a677}")), "'xꙷ'", "'x' + chr(0xa677)"),
        // 'x' + chr(0x901e)
        (r(s("x\u{901e}")), "'x逞'", "'x' + chr(0x901e)"),
        // 'x' + chr(0x9de7)
        (r(s("x\u{9de7}")), "'x鷧'", "'x' + chr(0x9de7)"),
        // 'x' + chr(0x6c0a6)
        (r(s("x\u{6c0a6}")), "'x\\U0006c0a6'", "'x' + chr(0x6c0a6)"),
        // 'x' + chr(0x39e8e)
        (r(s("x\u{39e8e}")), "'x\\U00039e8e'", "'x' + chr(0x39e8e)"),
        // 'x' + chr(0x8e73)
        (r(s("x\u{8e73}")), "'x蹳'", "'x' + chr(0x8e73)"),
        // 'x' + chr(0xa36c9)
        (r(s("x\u{a36c9}")), "'x\\U000a36c9'", "'x' + chr(0xa36c9)"),
        // 'x' + chr(0x115)
        (r(s("x\u{115}")), "'xĕ'", "'x' + chr(0x115)"),
        // 'x' + chr(0x5f90)
        (r(s("x\u{5f90}")), "'x徐'", "'x' + chr(0x5f90)"),
        // 'x' + chr(0x37bdd)
        (r(s("x\u{37bdd}")), "'x\\U00037bdd'", "'x' + chr(0x37bdd)"),
        // 'x' + chr(0xd202)
        (r(s("x\u{d202}")), "'x툂'", "'x' + chr(0xd202)"),
        // 'x' + chr(0x10e4c2)
        (r(s("x\u{10e4c2}")), "'x\\U0010e4c2'", "'x' + chr(0x10e4c2)"),
        // 'x' + chr(0x6e0)
        (r(s("x\u{6e0}")), "'x۠'", "'x' + chr(0x6e0)"),
        // 'x' + chr(0x2a8)
        (r(s("x\u{2a8}")), "'xʨ'", "'x' + chr(0x2a8)"),
        // 'x' + chr(0xae84d)
        (r(s("x\u{ae84d}")), "'x\\U000ae84d'", "'x' + chr(0xae84d)"),
        // 'x' + chr(0xb665)
        (r(s("x\u{b665}")), "'x뙥'", "'x' + chr(0xb665)"),
        // 'x' + chr(0x63b)
        (r(s("x\u{63b}")), "'xػ'", "'x' + chr(0x63b)"),
        // 'x' + chr(0x660a6)
        (r(s("x\u{660a6}")), "'x\\U000660a6'", "'x' + chr(0x660a6)"),
        // 'x' + chr(0x16f)
        (r(s("x\u{16f}")), "'xů'", "'x' + chr(0x16f)"),
        // 'x' + chr(0x5238e)
        (r(s("x\u{5238e}")), "'x\\U0005238e'", "'x' + chr(0x5238e)"),
        // 'x' + chr(0x6ddc)
        (r(s("x\u{6ddc}")), "'x淜'", "'x' + chr(0x6ddc)"),
        // 'x' + chr(0x3296)
        (r(s("x\u{3296}")), "'x㊖'", "'x' + chr(0x3296)"),
        // 'x' + chr(0x4f20)
        (r(s("x\u{4f20}")), "'x传'", "'x' + chr(0x4f20)"),
        // 'x' + chr(0x9e8d3)
        (r(s("x\u{9e8d3}")), "'x\\U0009e8d3'", "'x' + chr(0x9e8d3)"),
        // 'x' + chr(0x3d2)
        (r(s("x\u{3d2}")), "'xϒ'", "'x' + chr(0x3d2)"),
        // 'x' + chr(0x1b5)
        (r(s("x\u{1b5}")), "'xƵ'", "'x' + chr(0x1b5)"),
        // 'x' + chr(0x25b)
        (r(s("x\u{25b}")), "'xɛ'", "'x' + chr(0x25b)"),
        // 'x' + chr(0x90c)
        (r(s("x\u{90c}")), "'xऌ'", "'x' + chr(0x90c)"),
        // 'x' + chr(0x4c6)
        (r(s("x\u{4c6}")), "'xӆ'", "'x' + chr(0x4c6)"),
        // 'x' + chr(0xe3f4)
        (r(s("x\u{e3f4}")), "'x\\ue3f4'", "'x' + chr(0xe3f4)"),
        // 'x' + chr(0xe6f8)
        (r(s("x\u{e6f8}")), "'x\\ue6f8'", "'x' + chr(0xe6f8)"),
        // 'x' + chr(0x6ce5)
        (r(s("x\u{6ce5}")), "'x泥'", "'x' + chr(0x6ce5)"),
        // 'x' + chr(0x593)
        (r(s("x\u{593}")), "'x֓'", "'x' + chr(0x593)"),
        // 'x' + chr(0x109)
        (r(s("x\u{109}")), "'xĉ'", "'x' + chr(0x109)"),
        // 'x' + chr(0x161)
        (r(s("x\u{161}")), "'xš'", "'x' + chr(0x161)"),
        // 'x' + chr(0x5d729)
        (r(s("x\u{5d729}")), "'x\\U0005d729'", "'x' + chr(0x5d729)"),
        // 'x' + chr(0xca2b1)
        (r(s("x\u{ca2b1}")), "'x\\U000ca2b1'", "'x' + chr(0xca2b1)"),
        // 'x' + chr(0x7a78c)
        (r(s("x\u{7a78c}")), "'x\\U0007a78c'", "'x' + chr(0x7a78c)"),
        // 'x' + chr(0x2e07)
        (r(s("x\u{2e07}")), "'x⸇'", "'x' + chr(0x2e07)"),
        // 'x' + chr(0x551)
        (r(s("x\u{551}")), "'xՑ'", "'x' + chr(0x551)"),
        // 'x' + chr(0xe153)
        (r(s("x\u{e153}")), "'x\\ue153'", "'x' + chr(0xe153)"),
        // 'x' + chr(0x457)
        (r(s("x\u{457}")), "'xї'", "'x' + chr(0x457)"),
        // 'x' + chr(0xbf6df)
        (r(s("x\u{bf6df}")), "'x\\U000bf6df'", "'x' + chr(0xbf6df)"),
        // 'x' + chr(0x62a81)
        (r(s("x\u{62a81}")), "'x\\U00062a81'", "'x' + chr(0x62a81)"),
        // 'x' + chr(0xaf)
        (r(s("x\u{af}")), "'x¯'", "'x' + chr(0xaf)"),
    ];
    let mut failures = Vec::new();
    for (got, expected, expr) in &cases {
        if got != expected {
            failures.push(format!(
                "{expr}\n    expected: {expected}\n    got:      {got}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from CPython:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn keys_follow_python_equality() {
    let one = Key::new(i(1)).unwrap();
    let one_f = Key::new(f(1.0)).unwrap();
    let tru = Key::new(bo(true)).unwrap();
    assert!(one == one_f && one_f == tru);
    assert!(Key::new(s("1")).unwrap() != one);
    let mut map = indexmap::IndexMap::new();
    map.insert(one, s("int"));
    map.insert(one_f, s("float"));
    map.insert(tru, s("bool"));
    // Python: {1: 'int', 1.0: 'float', True: 'bool'} == {1: 'bool'}
    assert_eq!(r(Value::dict(map)), "{1: 'bool'}");
    let t1 = Key::new(t(vec![i(1), s("a")])).unwrap();
    let t2 = Key::new(t(vec![f(1.0), s("a")])).unwrap();
    assert!(t1 == t2);
    assert_eq!(
        Key::new(t(vec![i(1), l(vec![])])).unwrap_err().to_string(),
        "TypeError: unhashable type: 'list'"
    );
    assert_eq!(
        Key::new(call_("dict", vec![])).unwrap_err().to_string(),
        "TypeError: unhashable type: 'dict'"
    );
}

#[test]
fn known_deviations() {
    // CPython returns a complex number; the subset has none.
    let e = ops::binary(Pow, &i(-8), &f(0.5)).unwrap_err();
    assert_eq!(e.kind, streamlab::lang::value::ExcKind::ValueError);
    // Absurd exponents fail fast instead of hanging.
    let e = ops::binary(Pow, &i(3), &i(1 << 40)).unwrap_err();
    assert_eq!(e.kind, streamlab::lang::value::ExcKind::OverflowError);
    let e = ops::binary(Pow, &i(7), &b_(Pow, i(10), i(30))).unwrap_err();
    assert_eq!(e.kind, streamlab::lang::value::ExcKind::OverflowError);
    assert_eq!(b(Pow, i(1), b_(Pow, i(10), i(30))), "1");
    assert_eq!(b(Pow, i(-1), b_(Add, b_(Pow, i(10), i(30)), i(1))), "-1");
    // ResultIterable: prints like PySpark's, iterates, has a length, sorts.
    let it = Value::Iterable(Arc::new(vec![i(3), i(1), i(2)]));
    assert!(r(it.clone()).starts_with("<pyspark.resultiterable.ResultIterable object at 0x"));
    assert_eq!(ops::len(&it).unwrap(), 3);
    assert_eq!(call("sorted", vec![it.clone()]), "[1, 2, 3]");
    assert_eq!(call("list", vec![it.clone()]), "[3, 1, 2]");
    assert_eq!(call("sum", vec![it]), "6");
}

#[test]
fn builtins_are_named_and_listed() {
    for name in builtins::names() {
        let func = match builtin(name) {
            Value::Func(func) => func,
            // The builtin types print as classes, and `NotImplemented` as itself.
            other if *name == "NotImplemented" => {
                assert_eq!(r(other), "NotImplemented");
                continue;
            }
            other => {
                assert_eq!(r(other), format!("<class '{name}'>"));
                match builtins::function(name) {
                    Some(Value::Func(f)) => f,
                    _ => continue,
                }
            }
        };
        assert!(func.is_builtin());
        assert_eq!(func.name(), *name);
        assert_eq!(func.arg_count(), None);
        assert_eq!(
            r(Value::Func(func.clone())),
            format!("<built-in function {name}>")
        );
    }
    assert!(builtins::lookup("nope").is_none());
    for m in methods::method_names("str") {
        // Every listed method exists (it may reject missing arguments, but not as an AttributeError).
        let got = methods::call_method(&s("a b"), m, vec![], vec![]);
        if let Err(e) = got {
            assert_ne!(
                e.kind,
                streamlab::lang::value::ExcKind::AttributeError,
                "{m}"
            );
        }
    }
}

/// Every operator, builtin and method over a pool of odd values: errors are fine, panics are not.
#[test]
fn never_panics() {
    let pool = vec![
        Value::None,
        bo(true),
        i(0),
        i(-1),
        i(i64::MIN),
        i(i64::MAX),
        big("123456789012345678901234567890"),
        f(0.0),
        f(-0.0),
        f(f64::NAN),
        f(f64::INFINITY),
        f(1e308),
        f(-2.5),
        s(""),
        s("café 日本"),
        s("a,b"),
        t(vec![]),
        t(vec![i(1), l(vec![])]),
        l(vec![i(1), s("x")]),
        call_("dict", vec![l(vec![t(vec![s("a"), i(1)])])]),
        Value::Range(0, 10, 3),
        Value::Range(i64::MIN, i64::MAX, i64::MAX),
        Value::Range(5, -5, -1),
        Value::Iterable(Arc::new(vec![i(1)])),
        builtin("len"),
    ];
    let ops_ = [Add, Sub, Mul, Div, FloorDiv, Mod, Pow];
    let cmps = [Eq, NotEq, Lt, LtE, Gt, GtE, In, NotIn, Is, IsNot];
    for a in &pool {
        let _ = a.repr();
        let _ = a.to_str();
        let _ = a.truthy();
        let _ = ops::neg(a);
        let _ = ops::pos(a);
        let _ = ops::len(a);
        let _ = hash::py_hash(a);
        let _ = hash::portable_hash(a);
        let _ = hash::partition_for(a, 3);
        let _ = ops::slice(
            a,
            Some(&i(i64::MIN)),
            Some(&i(i64::MAX)),
            Some(&i(i64::MIN)),
        );
        let _ = ops::slice(a, None, None, Some(&i(-1)));
        for name in builtins::names() {
            // Through the value the name gives: types and `NotImplemented` too.
            let f = builtin(name);
            let call = streamlab::lang::compile::call_value;
            let _ = call(&f, vec![a.clone()], vec![]);
            let _ = call(&f, vec![a.clone(), a.clone()], vec![]);
            let _ = call(&f, vec![], vec![]);
            let _ = call(&f, vec![a.clone(), s("x"), a.clone()], vec![]);
        }
        for ty in ["str", "list", "tuple", "dict"] {
            for m in methods::method_names(ty) {
                for recv in &pool {
                    let _ = methods::call_method(recv, m, vec![a.clone()], vec![]);
                    let _ = methods::call_method(recv, m, vec![a.clone(), a.clone()], vec![]);
                }
            }
        }
        for b_ in &pool {
            for op in ops_ {
                if op == Pow || op == Mul {
                    // Keep the sizes sane: only small right operands.
                    if matches!(b_, Value::Int(n) if *n > 1000) || matches!(b_, Value::BigInt(_)) {
                        continue;
                    }
                }
                let _ = ops::binary(op, a, b_);
            }
            for op in cmps {
                let _ = ops::compare(op, a, b_);
            }
            let _ = ops::py_cmp(a, b_);
            let _ = ops::subscript(a, b_);
        }
    }
}

#[test]
fn exception_classes_follow_pythons_hierarchy() {
    use streamlab::lang::value::ExcKind::*;
    for (kind, ancestors) in [
        (
            ZeroDivisionError,
            &[ArithmeticError, Exception, BaseException][..],
        ),
        (OverflowError, &[ArithmeticError, Exception][..]),
        (KeyError, &[LookupError, Exception][..]),
        (IndexError, &[LookupError][..]),
        (ModuleNotFoundError, &[ImportError][..]),
        (RecursionError, &[RuntimeError][..]),
        (NotImplementedError, &[RuntimeError][..]),
        (ParseException, &[AnalysisException, Exception][..]),
    ] {
        for a in ancestors {
            assert!(kind.is_a(*a), "{kind} is a {a}");
        }
        assert!(kind.is_a(kind));
    }
    assert!(!ValueError.is_a(LookupError));
    assert!(!Exception.is_a(ValueError));
    assert!(!KeyError.is_a(ArithmeticError));
    assert_eq!(ZeroDivisionError.to_string(), "ZeroDivisionError");
}
