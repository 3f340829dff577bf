//! Operators with Python semantics: arithmetic, comparison, truth, indexing, iteration.

use std::cmp::Ordering;
use std::sync::Arc;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{FromPrimitive, One, Signed, ToPrimitive, Zero};

use super::ast::{BinOp, CmpOp};
use super::value::{Exc, Items, Key, PyResult, Value};
use crate::lang::value::ExcKind;

/// Results bigger than this many bits are refused with an OverflowError instead of
/// computing for minutes.
const MAX_INT_BITS: u64 = 10_000_000;

impl Value {
    /// Python truthiness (`bool(v)`).
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(b) => !b.is_zero(),
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(v) | Value::Iterable(v) => !v.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Dict(d) => !d.is_empty(),
            Value::Set(s) => !s.read().is_empty(),
            Value::Range(..) => range_len(self).unwrap_or(0) > 0,
            Value::Func(_) => true,
            // `__bool__`/`__len__` of a program's class; an exception
            // they raise counts as true here (`bool()` and `if` see the same).
            Value::Object(o) => o.py_bool(o).is_none_or(|r| r.unwrap_or(true)),
        }
    }
}

/// An int from a BigInt, as `Value::Int` when it fits in i64.
pub fn int_from_big(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::BigInt(Arc::new(b)),
    }
}

/// A numeric operand: bools count as ints.
enum Num<'a> {
    I(i64),
    B(&'a BigInt),
    F(f64),
}

fn as_num(v: &Value) -> Option<Num<'_>> {
    match v {
        Value::Bool(b) => Some(Num::I(*b as i64)),
        Value::Int(i) => Some(Num::I(*i)),
        Value::BigInt(b) => Some(Num::B(b)),
        Value::Float(f) => Some(Num::F(*f)),
        _ => None,
    }
}

/// The value as a BigInt, for ints and bools.
pub fn as_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// An int (or bool) as i64, when it fits.
pub fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(*b as i64),
        Value::Int(i) => Some(*i),
        _ => None,
    }
}

/// Python's int -> float conversion (`OverflowError: int too large to convert to float`).
pub fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(Exc::overflow("int too large to convert to float")),
    }
}

/// A numeric value (int, bool, float) as f64.
pub fn to_f64(v: &Value) -> PyResult<Option<f64>> {
    Ok(match v {
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Int(i) => Some(*i as f64),
        Value::BigInt(b) => Some(big_to_f64(b)?),
        Value::Float(f) => Some(*f),
        _ => None,
    })
}

fn num_f64(n: &Num) -> PyResult<f64> {
    Ok(match n {
        Num::I(i) => *i as f64,
        Num::B(b) => big_to_f64(b)?,
        Num::F(f) => *f,
    })
}

fn num_big(n: &Num) -> BigInt {
    match n {
        Num::I(i) => BigInt::from(*i),
        Num::B(b) => (*b).clone(),
        Num::F(_) => BigInt::zero(),
    }
}

/// `a <op> b` for `+ - * / // % **`.
pub fn binary(op: BinOp, a: &Value, b: &Value) -> PyResult {
    if is_bitwise(op) {
        if let Some(r) = int_bitwise(op, a, b) {
            return r;
        }
    }
    if let Value::Set(s) = a {
        if let Some(r) = super::set::binary(op, s, b) {
            return r;
        }
    }
    if let (Value::Dict(x), Value::Dict(y)) = (a, b) {
        if let Some(r) = super::stdlib::collections::dict_binary(op, x, y) {
            return r;
        }
    }
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        if is_bitwise(op) {
            // Ints were handled above: one of these is a float.
            return Err(unsupported(op, a, b));
        }
        return numeric(op, x, y);
    }
    if let Value::Object(o) = a {
        if let Some(r) = o.binary_op(o, op, b, false) {
            return r;
        }
    }
    if let Value::Object(o) = b {
        if let Some(r) = o.binary_op(o, op, a, true) {
            return r;
        }
    }
    match op {
        BinOp::Add => match (a, b) {
            (Value::Str(x), Value::Str(y)) => {
                super::limits::check_text(x.len() + y.len())?;
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                Ok(Value::Str(Arc::from(s)))
            }
            (Value::List(x), Value::List(y)) => {
                let (x, y) = (x.to_vec(), y.to_vec());
                Ok(Value::list(concat(&x, &y, "list")?))
            }
            (Value::Tuple(x), Value::Tuple(y)) => Ok(Value::tuple(concat(x, y, "tuple")?)),
            (Value::Str(_) | Value::List(_) | Value::Tuple(_), _) => Err(Exc::type_error(format!(
                "can only concatenate {} (not \"{}\") to {}",
                a.type_name(),
                b.type_name(),
                a.type_name()
            ))),
            _ => Err(unsupported(op, a, b)),
        },
        BinOp::Mul => match (a, b) {
            (Value::Str(_) | Value::List(_) | Value::Tuple(_), _) => repeat(a, b),
            (_, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => repeat(b, a),
            _ => Err(unsupported(op, a, b)),
        },
        BinOp::Mod if matches!(a, Value::Str(_)) => percent_format(a, b),
        _ => Err(unsupported(op, a, b)),
    }
}

fn concat(x: &[Value], y: &[Value], kind: &str) -> PyResult<Vec<Value>> {
    super::limits::check_items(x.len() + y.len(), kind)?;
    let mut v = Vec::with_capacity(x.len() + y.len());
    v.extend_from_slice(x);
    v.extend_from_slice(y);
    Ok(v)
}

fn is_bitwise(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor | BinOp::LShift | BinOp::RShift
    )
}

/// `a | b`, `a & b`, `a ^ b`, `a << b`, `a >> b` on ints (and bools: `True
/// & False` is a bool); None when either operand is not an int.
fn int_bitwise(op: BinOp, a: &Value, b: &Value) -> Option<PyResult> {
    let int_like = |v: &Value| matches!(v, Value::Int(_) | Value::BigInt(_) | Value::Bool(_));
    if !int_like(a) || !int_like(b) {
        return None;
    }
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match op {
            BinOp::BitOr => return Some(Ok(Value::Bool(x | y))),
            BinOp::BitAnd => return Some(Ok(Value::Bool(x & y))),
            BinOp::BitXor => return Some(Ok(Value::Bool(x ^ y))),
            _ => {}
        }
    }
    let (x, y) = (as_bigint(a)?, as_bigint(b)?);
    Some(match op {
        BinOp::BitOr => Ok(int_from_big(x | y)),
        BinOp::BitAnd => Ok(int_from_big(x & y)),
        BinOp::BitXor => Ok(int_from_big(x ^ y)),
        _ => {
            if y.is_negative() {
                return Some(Err(Exc::value_error("negative shift count")));
            }
            let n = y.to_u64().unwrap_or(u64::MAX);
            if op == BinOp::RShift {
                if n > x.bits() {
                    Ok(Value::Int(if x.is_negative() { -1 } else { 0 }))
                } else {
                    // Python's `>>` floors, as BigInt's does for negatives.
                    Ok(int_from_big(x >> n as usize))
                }
            } else if x.is_zero() {
                Ok(Value::Int(0))
            } else if x.bits().saturating_add(n) > MAX_INT_BITS {
                Err(Exc::overflow("too many digits in integer"))
            } else {
                Ok(int_from_big(x << n as usize))
            }
        }
    })
}

fn unsupported(op: BinOp, a: &Value, b: &Value) -> Exc {
    let sym = if op == BinOp::Pow {
        "** or pow()"
    } else {
        op.symbol()
    };
    Exc::type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        sym,
        a.type_name(),
        b.type_name()
    ))
}

/// `seq * n`.
fn repeat(seq: &Value, n: &Value) -> PyResult {
    let count = match n {
        Value::Bool(_) | Value::Int(_) => as_i64(n).unwrap_or(0),
        Value::BigInt(b) => {
            if b.is_negative() {
                0
            } else {
                return Err(Exc::overflow(
                    "cannot fit 'int' into an index-sized integer",
                ));
            }
        }
        _ => {
            return Err(Exc::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                n.type_name()
            )))
        }
    };
    let count = count.max(0) as usize;
    let unit = match seq {
        Value::Str(s) => s.len(),
        Value::Tuple(v) => v.len(),
        Value::List(l) => l.len(),
        _ => 0,
    };
    let count = if unit == 0 { 0 } else { count };
    match seq {
        Value::Str(_) => super::limits::check_text(unit.saturating_mul(count))?,
        other => super::limits::check_items(unit.saturating_mul(count), other.type_name())?,
    }
    Ok(match seq {
        Value::Str(s) => Value::Str(Arc::from(s.repeat(count))),
        Value::List(l) => Value::list(repeat_vec(&l.read(), count)),
        Value::Tuple(v) => Value::tuple(repeat_vec(v, count)),
        _ => Value::None,
    })
}

fn repeat_vec(v: &[Value], count: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(v.len() * count);
    for _ in 0..count {
        out.extend_from_slice(v);
    }
    out
}

fn numeric(op: BinOp, x: Num, y: Num) -> PyResult {
    if matches!(x, Num::F(_)) || matches!(y, Num::F(_)) {
        if op == BinOp::Pow {
            return Ok(Value::Float(float_pow(num_f64(&x)?, num_f64(&y)?)?));
        }
        return float_op(op, num_f64(&x)?, num_f64(&y)?).map(Value::Float);
    }
    if let (Num::I(a), Num::I(b)) = (&x, &y) {
        let (a, b) = (*a, *b);
        let fast = match op {
            BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor | BinOp::LShift | BinOp::RShift => None,
            BinOp::Add => a.checked_add(b),
            BinOp::Sub => a.checked_sub(b),
            BinOp::Mul => a.checked_mul(b),
            BinOp::FloorDiv => {
                if b == 0 {
                    return Err(Exc::zero_div("integer division or modulo by zero"));
                }
                a.checked_div_euclid(b).map(|_| Integer::div_floor(&a, &b))
            }
            BinOp::Mod => {
                if b == 0 {
                    return Err(Exc::zero_div("integer modulo by zero"));
                }
                a.checked_rem(b).map(|_| Integer::mod_floor(&a, &b))
            }
            BinOp::Div => {
                if b == 0 {
                    return Err(Exc::zero_div("division by zero"));
                }
                const EXACT: i64 = 1 << 53;
                if (-EXACT..=EXACT).contains(&a) && (-EXACT..=EXACT).contains(&b) {
                    return Ok(Value::Float(a as f64 / b as f64));
                }
                None
            }
            BinOp::Pow => {
                if b >= 0 {
                    u32::try_from(b).ok().and_then(|e| a.checked_pow(e))
                } else {
                    None
                }
            }
        };
        if let Some(r) = fast {
            return Ok(Value::Int(r));
        }
    }
    let a = num_big(&x);
    let b = num_big(&y);
    match op {
        // `binary` handles these before it gets here.
        BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor | BinOp::LShift | BinOp::RShift => Err(
            Exc::type_error(format!("unsupported operand type(s) for {}", op.symbol())),
        ),
        BinOp::Add => Ok(int_from_big(a + b)),
        BinOp::Sub => Ok(int_from_big(a - b)),
        BinOp::Mul => Ok(int_from_big(a * b)),
        BinOp::FloorDiv => {
            if b.is_zero() {
                return Err(Exc::zero_div("integer division or modulo by zero"));
            }
            Ok(int_from_big(a.div_floor(&b)))
        }
        BinOp::Mod => {
            if b.is_zero() {
                return Err(Exc::zero_div("integer modulo by zero"));
            }
            Ok(int_from_big(a.mod_floor(&b)))
        }
        BinOp::Div => int_true_div(&a, &b).map(Value::Float),
        BinOp::Pow => int_pow(&a, &b),
    }
}

fn int_pow(a: &BigInt, b: &BigInt) -> PyResult {
    if b.is_negative() {
        let fa = big_to_f64(a)?;
        let fb = big_to_f64(b)?;
        return float_pow(fa, fb).map(Value::Float);
    }
    if a.is_zero() {
        return Ok(Value::Int(if b.is_zero() { 1 } else { 0 }));
    }
    if a.is_one() {
        return Ok(Value::Int(1));
    }
    if *a == BigInt::from(-1) {
        return Ok(Value::Int(if b.is_even() { 1 } else { -1 }));
    }
    let too_big = || Exc::overflow("integer exponentiation result is too large");
    let e = b.to_u64().ok_or_else(too_big)?;
    let bits = a.bits();
    // The result has about (bits - 1) * e + 1 .. bits * e bits.
    if (bits.saturating_sub(1)).saturating_mul(e) > MAX_INT_BITS || (bits == 1 && e > MAX_INT_BITS)
    {
        return Err(too_big());
    }
    let e32 = u32::try_from(e).map_err(|_| too_big())?;
    Ok(int_from_big(num_traits::pow::Pow::pow(a, e32)))
}

/// Correctly rounded `a / b` for big ints.
fn int_true_div(a: &BigInt, b: &BigInt) -> PyResult<f64> {
    if b.is_zero() {
        return Err(Exc::zero_div("division by zero"));
    }
    if a.is_zero() {
        let neg = b.is_negative();
        return Ok(if neg { -0.0 } else { 0.0 });
    }
    let negative = a.is_negative() != b.is_negative();
    let n = a.abs();
    let d = b.abs();
    let shift: i64 = 55 - (n.bits() as i64 - d.bits() as i64);
    let (q, r) = if shift >= 0 {
        (&n << (shift as u64)).div_rem(&d)
    } else {
        n.div_rem(&(&d << ((-shift) as u64)))
    };
    let mut q = q.to_u64().unwrap_or(u64::MAX);
    if !r.is_zero() {
        q |= 1;
    }
    // q has 55 or 56 significant bits; converting rounds half-even with q's low bit as sticky.
    let mut f = q as f64;
    // f * 2^-shift, applied in steps to avoid intermediate overflow/underflow.
    let mut e = -shift;
    while e > 0 {
        let step = e.min(1000);
        f *= 2f64.powi(step as i32);
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(1000);
        f /= 2f64.powi(step as i32);
        e += step;
    }
    if f.is_infinite() {
        return Err(Exc::overflow(
            "integer division result too large for a float",
        ));
    }
    Ok(if negative { -f } else { f })
}

fn float_op(op: BinOp, a: f64, b: f64) -> PyResult<f64> {
    match op {
        BinOp::Add => Ok(a + b),
        BinOp::Sub => Ok(a - b),
        BinOp::Mul => Ok(a * b),
        BinOp::Div => {
            if b == 0.0 {
                return Err(Exc::zero_div("float division by zero"));
            }
            Ok(a / b)
        }
        BinOp::FloorDiv => {
            if b == 0.0 {
                return Err(Exc::zero_div("float floor division by zero"));
            }
            Ok(float_divmod(a, b).0)
        }
        BinOp::Mod => {
            if b == 0.0 {
                return Err(Exc::zero_div("float modulo"));
            }
            Ok(float_divmod(a, b).1)
        }
        BinOp::Pow => float_pow(a, b),
        BinOp::BitOr | BinOp::BitAnd | BinOp::BitXor | BinOp::LShift | BinOp::RShift => {
            Err(Exc::type_error(format!(
                "unsupported operand type(s) for {}: 'float'",
                op.symbol()
            )))
        }
    }
}

/// CPython's `float_divmod` (b != 0).
pub fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x.fract() == 0.0 && (x % 2.0).abs() == 1.0
}

/// CPython's `float_pow`.
pub fn float_pow(iv: f64, iw: f64) -> PyResult<f64> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let av = iv.abs();
        return Ok(if av == 1.0 {
            1.0
        } else if (iw > 0.0) == (av > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(Exc::zero_div("0.0 cannot be raised to a negative power"));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    if iv < 0.0 && iw.fract() != 0.0 {
        return Err(Exc::value_error(
            "negative number cannot be raised to a fractional power (complex numbers are not supported)",
        ));
    }
    let r = iv.powf(iw);
    if r.is_infinite() {
        return Err(Exc::overflow("(34, 'Numerical result out of range')"));
    }
    Ok(r)
}

/// `-a`.
pub fn neg(a: &Value) -> PyResult {
    match a {
        Value::Bool(b) => Ok(Value::Int(-(*b as i64))),
        Value::Int(i) => Ok(match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => int_from_big(-BigInt::from(*i)),
        }),
        Value::BigInt(b) => Ok(int_from_big(-(**b).clone())),
        Value::Float(f) => Ok(Value::Float(-f)),
        _ => {
            if let Value::Object(o) = a {
                if let Some(r) = o.neg(o) {
                    return r;
                }
            }
            Err(Exc::type_error(format!(
                "bad operand type for unary -: '{}'",
                a.type_name()
            )))
        }
    }
}

/// `~a`: `-(a + 1)` on ints and bools; a pyspark Column's `__invert__` (NOT).
pub fn invert(a: &Value) -> PyResult {
    match a {
        Value::Bool(b) => Ok(Value::Int(!(*b as i64))),
        Value::Int(i) => Ok(Value::Int(!*i)),
        Value::BigInt(b) => Ok(int_from_big(-(**b).clone() - 1)),
        _ => {
            if let Value::Object(o) = a {
                if let Some(r) = o.invert(o) {
                    return r;
                }
            }
            Err(Exc::type_error(format!(
                "bad operand type for unary ~: '{}'",
                a.type_name()
            )))
        }
    }
}

/// `+a`.
pub fn pos(a: &Value) -> PyResult {
    match a {
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) => Ok(a.clone()),
        _ => Err(Exc::type_error(format!(
            "bad operand type for unary +: '{}'",
            a.type_name()
        ))),
    }
}

/// `abs(a)`.
pub fn abs(a: &Value) -> PyResult {
    match a {
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Int(i) => Ok(match i.checked_abs() {
            Some(n) => Value::Int(n),
            None => int_from_big(BigInt::from(*i).abs()),
        }),
        Value::BigInt(b) => Ok(int_from_big(b.abs())),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        _ => Err(Exc::type_error(format!(
            "bad operand type for abs(): '{}'",
            a.type_name()
        ))),
    }
}

fn arc_addr<T: ?Sized>(a: &Arc<T>) -> *const () {
    Arc::as_ptr(a) as *const ()
}

/// `a is b`.
pub fn is_same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::BigInt(x), Value::BigInt(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) | (Value::Iterable(x), Value::Iterable(y)) => {
            arc_addr(x) == arc_addr(y)
        }
        (Value::List(x), Value::List(y)) => Arc::ptr_eq(x, y),
        (Value::Dict(x), Value::Dict(y)) => Arc::ptr_eq(x, y),
        (Value::Set(x), Value::Set(y)) => Arc::ptr_eq(x, y),
        (Value::Range(a1, b1, c1), Value::Range(a2, b2, c2)) => (a1, b1, c1) == (a2, b2, c2),
        (Value::Func(x), Value::Func(y)) => arc_addr(x) == arc_addr(y),
        (Value::Object(x), Value::Object(y)) => arc_addr(x) == arc_addr(y),
        _ => false,
    }
}

/// `a <op> b` as a value: objects that overload comparisons (DataFrame
/// columns) give what their operator returns, everything else a bool.
pub fn compare_value(op: CmpOp, a: &Value, b: &Value) -> PyResult {
    let flipped = match op {
        CmpOp::Lt => Some(CmpOp::Gt),
        CmpOp::LtE => Some(CmpOp::GtE),
        CmpOp::Gt => Some(CmpOp::Lt),
        CmpOp::GtE => Some(CmpOp::LtE),
        CmpOp::Eq | CmpOp::NotEq => Some(op),
        _ => None,
    };
    if let Some(flipped) = flipped {
        if let Value::Set(s) = a {
            if let Some(r) = super::set::compare(op, s, b) {
                return Ok(Value::Bool(r));
            }
        }
        if let Value::Object(o) = a {
            if let Some(r) = o.compare_op(o, op, b) {
                return r;
            }
        }
        if let Value::Object(o) = b {
            if let Some(r) = o.compare_op(o, flipped, a) {
                return r;
            }
        }
    }
    compare(op, a, b).map(Value::Bool)
}

/// The overloaded comparison of two values when either is an object that
/// defines one (`__lt__`, `__eq__`, ...): `a`'s own, else `b`'s reflected.
fn object_cmp(op: CmpOp, a: &Value, b: &Value) -> Option<PyResult> {
    let flipped = match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::LtE => CmpOp::GtE,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::GtE => CmpOp::LtE,
        other => other,
    };
    if let Value::Object(o) = a {
        if let Some(r) = o.compare_op(o, op, b) {
            return Some(r);
        }
    }
    if let Value::Object(o) = b {
        if let Some(r) = o.compare_op(o, flipped, a) {
            return Some(r);
        }
    }
    None
}

/// `a <op> b` for comparisons, `in`, `not in`, `is`, `is not`.
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    match op {
        CmpOp::Eq => Ok(py_eq(a, b)),
        CmpOp::NotEq => Ok(!py_eq(a, b)),
        CmpOp::Is => Ok(is_same(a, b)),
        CmpOp::IsNot => Ok(!is_same(a, b)),
        CmpOp::In => contains(b, a),
        CmpOp::NotIn => contains(b, a).map(|r| !r),
        CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => match a {
            Value::Set(s) => super::set::compare(op, s, b).ok_or_else(|| not_supported(op, a, b)),
            _ => rich_cmp(op, a, b),
        },
    }
}

fn cmp_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        CmpOp::Eq => "==",
        CmpOp::NotEq => "!=",
        _ => "<",
    }
}

fn not_supported(op: CmpOp, a: &Value, b: &Value) -> Exc {
    Exc::type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        cmp_symbol(op),
        a.type_name(),
        b.type_name()
    ))
}

fn apply_ordering(op: CmpOp, o: Option<Ordering>) -> bool {
    match o {
        None => false,
        Some(o) => match op {
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::LtE => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::GtE => o != Ordering::Less,
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::NotEq => o != Ordering::Equal,
            _ => false,
        },
    }
}

/// `<`, `<=`, `>`, `>=` exactly as Python evaluates them (NaN compares false).
fn rich_cmp(op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return Ok(apply_ordering(op, num_cmp(&x, &y)));
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Ok(apply_ordering(op, Some(x.cmp(y)))),
        (Value::Tuple(_), Value::Tuple(_)) | (Value::List(_), Value::List(_)) => {
            let (x, y) = (
                a.items().unwrap_or(Items::Shared(&[])),
                b.items().unwrap_or(Items::Shared(&[])),
            );
            for (p, q) in x.iter().zip(y.iter()) {
                if !py_eq(p, q) {
                    return rich_cmp(op, p, q);
                }
            }
            Ok(apply_ordering(op, Some(x.len().cmp(&y.len()))))
        }
        _ => match object_cmp(op, a, b) {
            Some(r) => r.map(|v| v.truthy()),
            None => Err(not_supported(op, a, b)),
        },
    }
}

/// Exact comparison of an int with a float (None when the float is NaN).
fn big_float_cmp(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let t = f.trunc();
    let bt = BigInt::from_f64(t)?;
    Some(match i.cmp(&bt) {
        Ordering::Equal => {
            if f > t {
                Ordering::Less
            } else if f < t {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        }
        o => o,
    })
}

fn num_cmp(x: &Num, y: &Num) -> Option<Ordering> {
    const EXACT: i64 = 1 << 53;
    match (x, y) {
        (Num::I(a), Num::I(b)) => Some(a.cmp(b)),
        (Num::F(a), Num::F(b)) => a.partial_cmp(b),
        (Num::I(a), Num::F(b)) if (-EXACT..=EXACT).contains(a) => (*a as f64).partial_cmp(b),
        (Num::F(a), Num::I(b)) if (-EXACT..=EXACT).contains(b) => a.partial_cmp(&(*b as f64)),
        (Num::F(a), _) => big_float_cmp(&num_big(y), *a).map(Ordering::reverse),
        (_, Num::F(b)) => big_float_cmp(&num_big(x), *b),
        _ => Some(num_big(x).cmp(&num_big(y))),
    }
}

/// `a == b` with Python's rules (`1 == 1.0 == True`, containers element-wise).
pub fn py_eq(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return num_cmp(&x, &y) == Some(Ordering::Equal);
    }
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Tuple(_), Value::Tuple(_)) | (Value::List(_), Value::List(_)) => {
            if is_same(a, b) {
                return true;
            }
            let (x, y) = (
                a.items().unwrap_or(Items::Shared(&[])),
                b.items().unwrap_or(Items::Shared(&[])),
            );
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| is_same(p, q) || py_eq(p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            if Arc::ptr_eq(x, y) {
                return true;
            }
            let (x, y) = (x.read(), y.read());
            x.len() == y.len()
                && x.iter().all(|(k, v)| match y.get(k) {
                    Some(w) => is_same(v, w) || py_eq(v, w),
                    None => false,
                })
        }
        (Value::Set(s), Value::Set(_)) => {
            is_same(a, b) || super::set::compare(CmpOp::Eq, s, b).unwrap_or(false)
        }
        (Value::Range(..), Value::Range(..)) => {
            let (la, lb) = (range_len(a).unwrap_or(0), range_len(b).unwrap_or(0));
            if la != lb {
                return false;
            }
            let (Value::Range(s1, _, st1), Value::Range(s2, _, st2)) = (a, b) else {
                return false;
            };
            la == 0 || (s1 == s2 && (la == 1 || st1 == st2))
        }
        // A program class's `__eq__` (dict keys, shuffle keys, `in`); an
        // exception it raises counts as unequal.
        (Value::Object(_), _) | (_, Value::Object(_)) if super::classes::overloads_eq(a, b) => {
            is_same(a, b)
                || object_cmp(CmpOp::Eq, a, b).is_some_and(|r| r.is_ok_and(|v| v.truthy()))
        }
        _ => is_same(a, b),
    }
}

/// Ordering for `<`, `sorted`, `min`, `max`; a TypeError for mixed types such as
/// `'<' not supported between instances of 'str' and 'int'`.
pub fn py_cmp(a: &Value, b: &Value) -> PyResult<Ordering> {
    if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
        return Ok(num_cmp(&x, &y).unwrap_or(Ordering::Equal));
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Ok(x.cmp(y)),
        (Value::Tuple(_), Value::Tuple(_)) | (Value::List(_), Value::List(_)) => {
            let (x, y) = (
                a.items().unwrap_or(Items::Shared(&[])),
                b.items().unwrap_or(Items::Shared(&[])),
            );
            for (p, q) in x.iter().zip(y.iter()) {
                if !py_eq(p, q) {
                    return py_cmp(p, q);
                }
            }
            Ok(x.len().cmp(&y.len()))
        }
        (Value::Object(_), _) | (_, Value::Object(_)) => {
            if rich_cmp(CmpOp::Lt, a, b)? {
                Ok(Ordering::Less)
            } else if rich_cmp(CmpOp::Lt, b, a)? {
                Ok(Ordering::Greater)
            } else {
                Ok(Ordering::Equal)
            }
        }
        _ => Err(not_supported(CmpOp::Lt, a, b)),
    }
}

/// Python's `a < b` (only `<` is used by `sorted`, `min`, and `max` uses `>`).
pub fn py_lt(a: &Value, b: &Value) -> PyResult<bool> {
    rich_cmp(CmpOp::Lt, a, b)
}

/// `item in container`.
pub fn contains(container: &Value, item: &Value) -> PyResult<bool> {
    match container {
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.contains(&**sub)),
            _ => Err(Exc::type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                item.type_name()
            ))),
        },
        Value::Tuple(_) | Value::List(_) | Value::Iterable(_) => {
            let v = container.items().unwrap_or(Items::Shared(&[]));
            Ok(v.iter().any(|x| is_same(x, item) || py_eq(x, item)))
        }
        Value::Dict(d) => {
            let k = Key::new(item.clone())?;
            Ok(d.read().contains_key(&k))
        }
        Value::Set(s) => {
            // A set looked up in a set is looked up as a frozenset, as Python does.
            let probe = match item {
                Value::Set(inner) if !inner.frozen => super::set::value(inner.read().clone(), true),
                other => other.clone(),
            };
            let k = Key::new(probe)?;
            Ok(s.read().contains(&k))
        }
        Value::Range(start, stop, step) => {
            let n = match item {
                Value::Int(_) | Value::Bool(_) => as_i64(item).unwrap_or(0),
                Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => *f as i64,
                _ => return Ok(false),
            };
            let (start, stop, step) = (*start as i128, *stop as i128, *step as i128);
            let n = n as i128;
            let inside = if step > 0 {
                start <= n && n < stop
            } else {
                stop < n && n <= start
            };
            Ok(inside && (n - start) % step == 0)
        }
        Value::Object(o) => match o.contains(o, item) {
            Some(r) => r,
            None => match o.iterate(o) {
                Some(items) => Ok(items?.iter().any(|x| is_same(x, item) || py_eq(x, item))),
                None => Err(Exc::type_error(format!(
                    "argument of type '{}' is not iterable",
                    container.type_name()
                ))),
            },
        },
        _ => Err(Exc::type_error(format!(
            "argument of type '{}' is not iterable",
            container.type_name()
        ))),
    }
}

fn range_len(v: &Value) -> Option<usize> {
    match v {
        Value::Range(start, stop, step) => {
            let (start, stop, step) = (*start as i128, *stop as i128, *step as i128);
            let n = if step > 0 && start < stop {
                (stop - start - 1) / step + 1
            } else if step < 0 && start > stop {
                (start - stop - 1) / (-step) + 1
            } else {
                0
            };
            Some(usize::try_from(n).unwrap_or(usize::MAX))
        }
        _ => None,
    }
}

/// An index value as i64 (`None` when it is not an int); huge ints saturate.
fn index_of(index: &Value) -> Option<i64> {
    match index {
        Value::Bool(_) | Value::Int(_) => as_i64(index),
        Value::BigInt(b) => Some(if b.sign() == Sign::Minus {
            i64::MIN
        } else {
            i64::MAX
        }),
        _ => None,
    }
}

fn normalize(i: i64, len: usize) -> Option<usize> {
    let len = len as i128;
    let i = i as i128;
    let j = if i < 0 { i + len } else { i };
    if (0..len).contains(&j) {
        Some(j as usize)
    } else {
        None
    }
}

/// The slot of a list of `len` items that `list[index] = ...` or
/// `del list[index]` changes (negative indexes too).
fn assigned_slot(index: &Value, len: usize) -> PyResult<usize> {
    let i = index_of(index).ok_or_else(|| {
        Exc::type_error(format!(
            "list indices must be integers or slices, not {}",
            index.type_name()
        ))
    })?;
    normalize(i, len).ok_or_else(|| Exc::index_error("list assignment index out of range"))
}

/// `target[index] = value`.
pub fn set_item(target: &Value, index: &Value, value: Value) -> PyResult<()> {
    match target {
        Value::List(list) => {
            let mut w = list.write();
            let j = assigned_slot(index, w.len())?;
            w[j] = value;
            Ok(())
        }
        Value::Dict(d) => {
            let k = Key::new(index.clone())?;
            d.write().insert(k, value);
            Ok(())
        }
        Value::Object(o) => match o.set_item(o, index, value) {
            Some(r) => r,
            None => Err(Exc::type_error(format!(
                "'{}' object does not support item assignment",
                target.type_name()
            ))),
        },
        _ => Err(Exc::type_error(format!(
            "'{}' object does not support item assignment",
            target.type_name()
        ))),
    }
}

/// `del target[index]`.
pub fn del_item(target: &Value, index: &Value) -> PyResult<()> {
    match target {
        Value::List(list) => {
            let mut w = list.write();
            let j = assigned_slot(index, w.len())?;
            w.remove(j);
            Ok(())
        }
        Value::Dict(d) => {
            let k = Key::new(index.clone())?;
            match d.write().shift_remove(&k) {
                Some(_) => Ok(()),
                None => Err(Exc::key_error_of(index.clone())),
            }
        }
        _ => Err(Exc::type_error(format!(
            "'{}' object doesn't support item deletion",
            target.type_name()
        ))),
    }
}

/// `target.name = value`.
pub fn set_attr(target: &Value, name: &str, value: Value) -> PyResult<()> {
    if let Value::Object(o) = target {
        if let Some(r) = o.set_attr(o, name, value) {
            return r;
        }
    }
    Err(Exc::attr_error(format!(
        "'{}' object has no attribute '{name}' and no attribute can be set on it",
        target.type_name()
    )))
}

/// `v[index]` for str, tuple, list, dict, range (negative indexes too).
pub fn subscript(v: &Value, index: &Value) -> PyResult {
    match v {
        Value::Str(s) => {
            let i = index_of(index).ok_or_else(|| {
                Exc::type_error(format!(
                    "string indices must be integers, not '{}'",
                    index.type_name()
                ))
            })?;
            let err = || Exc::index_error("string index out of range");
            if s.is_ascii() {
                let j = normalize(i, s.len()).ok_or_else(err)?;
                Ok(Value::str(&s[j..j + 1]))
            } else {
                let n = s.chars().count();
                let j = normalize(i, n).ok_or_else(err)?;
                let c = s.chars().nth(j).ok_or_else(err)?;
                Ok(Value::Str(Arc::from(c.to_string())))
            }
        }
        Value::Tuple(_) | Value::List(_) => {
            let items = v.items().unwrap_or(Items::Shared(&[]));
            let kind = v.type_name();
            let i = index_of(index).ok_or_else(|| {
                Exc::type_error(format!(
                    "{} indices must be integers or slices, not {}",
                    kind,
                    index.type_name()
                ))
            })?;
            let j = normalize(i, items.len())
                .ok_or_else(|| Exc::index_error(format!("{kind} index out of range")))?;
            Ok(items[j].clone())
        }
        Value::Dict(d) => {
            let k = Key::new(index.clone())?;
            let found = d.read().get(&k).cloned();
            match found {
                Some(v) => Ok(v),
                None if d.is_plain() => Err(Exc::key_error_of(index.clone())),
                None => super::stdlib::collections::missing(d, k),
            }
        }
        Value::Range(start, _, step) => {
            let i = index_of(index).ok_or_else(|| {
                Exc::type_error(format!(
                    "range indices must be integers or slices, not {}",
                    index.type_name()
                ))
            })?;
            let n = range_len(v).unwrap_or(0);
            let j = normalize(i, n)
                .ok_or_else(|| Exc::index_error("range object index out of range"))?;
            Ok(Value::Int(
                (*start as i128 + j as i128 * *step as i128) as i64,
            ))
        }
        Value::Object(o) => match o.subscript(o, index) {
            Some(r) => r,
            None => Err(Exc::type_error(format!(
                "'{}' object is not subscriptable",
                v.type_name()
            ))),
        },
        _ => Err(Exc::type_error(format!(
            "'{}' object is not subscriptable",
            v.type_name()
        ))),
    }
}

/// Python's `PySlice_GetIndicesEx`: (start, stop, step, count) for a sequence of `len`.
pub fn slice_indices(
    len: usize,
    lower: Option<&Value>,
    upper: Option<&Value>,
    step: Option<&Value>,
) -> PyResult<(i64, i64, i64, usize)> {
    let get = |v: Option<&Value>| -> PyResult<Option<i64>> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(x) => index_of(x).map(Some).ok_or_else(|| {
                Exc::type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )
            }),
        }
    };
    let step = get(step)?.unwrap_or(1);
    if step == 0 {
        return Err(Exc::value_error("slice step cannot be zero"));
    }
    let step = step.max(-i64::MAX);
    let len = len as i64;
    let adjust = |v: Option<i64>, default: i64, lo: i64, hi: i64| -> i64 {
        match v {
            None => default,
            Some(mut i) => {
                if i < 0 {
                    i = i.saturating_add(len);
                    if i < 0 {
                        i = lo;
                    }
                } else if i >= len {
                    i = hi;
                }
                i
            }
        }
    };
    let (start, stop) = if step < 0 {
        (
            adjust(get(lower)?, len - 1, -1, len - 1),
            adjust(get(upper)?, -1, -1, len - 1),
        )
    } else {
        (
            adjust(get(lower)?, 0, 0, len),
            adjust(get(upper)?, len, 0, len),
        )
    };
    let count = if step < 0 {
        if stop < start {
            ((start - stop - 1) / (-step) + 1) as usize
        } else {
            0
        }
    } else if start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else {
        0
    };
    Ok((start, stop, step, count))
}

fn pick<T: Clone>(items: &[T], start: i64, step: i64, count: usize) -> Vec<T> {
    let mut out = Vec::with_capacity(count);
    let mut i = start;
    for _ in 0..count {
        if let Some(x) = usize::try_from(i).ok().and_then(|j| items.get(j)) {
            out.push(x.clone());
        }
        i += step;
    }
    out
}

/// `v[lower:upper:step]` for str, tuple, list, range.
pub fn slice(
    v: &Value,
    lower: Option<&Value>,
    upper: Option<&Value>,
    step: Option<&Value>,
) -> PyResult {
    match v {
        Value::Str(s) => {
            if s.is_ascii() {
                let (start, _, st, count) = slice_indices(s.len(), lower, upper, step)?;
                if st == 1 {
                    let a = start.max(0) as usize;
                    return Ok(Value::str(&s[a..a + count]));
                }
                let bytes = pick(s.as_bytes(), start, st, count);
                Ok(Value::Str(Arc::from(
                    String::from_utf8_lossy(&bytes).into_owned(),
                )))
            } else {
                let chars: Vec<char> = s.chars().collect();
                let (start, _, st, count) = slice_indices(chars.len(), lower, upper, step)?;
                let out: String = pick(&chars, start, st, count).into_iter().collect();
                Ok(Value::Str(Arc::from(out)))
            }
        }
        Value::Tuple(items) => {
            let (start, _, st, count) = slice_indices(items.len(), lower, upper, step)?;
            Ok(Value::tuple(pick(items, start, st, count)))
        }
        Value::List(l) => {
            let items = l.read();
            let (start, _, st, count) = slice_indices(items.len(), lower, upper, step)?;
            Ok(Value::list(pick(&items, start, st, count)))
        }
        Value::Range(rstart, _, rstep) => {
            let n = range_len(v).unwrap_or(0);
            let (start, stop, st, _) = slice_indices(n, lower, upper, step)?;
            let at = |i: i64| (*rstart as i128 + i as i128 * *rstep as i128) as i64;
            Ok(Value::Range(at(start), at(stop), rstep.saturating_mul(st)))
        }
        // A namedtuple slices as the tuple it is.
        Value::Object(_) if super::stdlib::collections::tuple_items(v).is_some() => {
            let items = super::stdlib::collections::tuple_items(v).unwrap_or_default();
            slice(&Value::tuple(items), lower, upper, step)
        }
        _ => Err(Exc::type_error(format!(
            "'{}' object is not subscriptable",
            v.type_name()
        ))),
    }
}

/// The items of an iterable (`for x in v`): str (characters), tuple, list, dict (keys),
/// range, ResultIterable. Otherwise `TypeError: 'int' object is not iterable`.
pub fn iterate(v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::Str(s) => Ok(s
            .chars()
            .map(|c| Value::Str(Arc::from(c.to_string())))
            .collect()),
        Value::Tuple(items) | Value::Iterable(items) => Ok(items.to_vec()),
        Value::List(l) => Ok(l.to_vec()),
        Value::Dict(d) => Ok(d.read().keys().map(|k| k.0.clone()).collect()),
        Value::Set(s) => Ok(s.read().values()),
        Value::Range(start, _, step) => {
            let n = range_len(v).unwrap_or(0);
            super::limits::check_items(n, "range")?;
            let mut out = Vec::with_capacity(n);
            let mut x = *start as i128;
            for _ in 0..n {
                out.push(Value::Int(x as i64));
                x += *step as i128;
            }
            Ok(out)
        }
        Value::Object(o) => o.iterate(o).unwrap_or_else(|| {
            Err(Exc::type_error(format!(
                "'{}' object is not iterable",
                v.type_name()
            )))
        }),
        _ => Err(Exc::type_error(format!(
            "'{}' object is not iterable",
            v.type_name()
        ))),
    }
}

/// `len(v)`.
pub fn len(v: &Value) -> PyResult<usize> {
    match v {
        Value::Str(s) => Ok(if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        }),
        Value::Tuple(items) | Value::Iterable(items) => Ok(items.len()),
        Value::List(l) => Ok(l.len()),
        Value::Dict(d) => Ok(d.len()),
        Value::Set(s) => Ok(s.read().len()),
        Value::Range(..) => Ok(range_len(v).unwrap_or(0)),
        Value::Object(o) => o.py_len(o).unwrap_or_else(|| {
            Err(Exc::type_error(format!(
                "object of type '{}' has no len()",
                v.type_name()
            )))
        }),
        _ => Err(Exc::type_error(format!(
            "object of type '{}' has no len()",
            v.type_name()
        ))),
    }
}

/// `fmt % args`: printf-style formatting for `%s %r %d %i %f %e %g %x %o %%`
/// with flags, width and precision.
fn percent_format(fmt: &Value, args: &Value) -> PyResult {
    let Value::Str(f) = fmt else {
        return Err(Exc::type_error("format requires a str"));
    };
    let items: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    let mut next = items.iter();
    let mut out = String::new();
    let chars: Vec<char> = f.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while i < chars.len() && "-+ 0#".contains(chars[i]) {
            flags.push(chars[i]);
            i += 1;
        }
        let mut width = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            width.push(chars[i]);
            i += 1;
        }
        let mut prec: Option<usize> = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            prec = Some(p.parse().unwrap_or(0));
        }
        if width.len() > 7 || prec.is_some_and(|p| p > 10_000_000) {
            return Err(Exc::new(ExcKind::MemoryError, ""));
        }
        let Some(&conv) = chars.get(i) else {
            return Err(Exc::value_error("incomplete format"));
        };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = next
            .next()
            .ok_or_else(|| Exc::type_error("not enough arguments for format string"))?;
        let mut spec = String::new();
        spec.push_str(&flags.replace('#', ""));
        spec.push_str(&width);
        let body = match conv {
            's' => arg.to_str(),
            'r' | 'a' => arg.repr(),
            'd' | 'i' | 'u' => {
                let v = match arg {
                    Value::Float(x) => float_to_int(*x)?,
                    Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => pos(arg)?,
                    _ => {
                        return Err(Exc::type_error(format!(
                            "%{} format: a real number is required, not {}",
                            conv,
                            arg.type_name()
                        )))
                    }
                };
                v.repr()
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let x = to_f64(arg)?.ok_or_else(|| {
                    Exc::type_error(format!("must be real number, not {}", arg.type_name()))
                })?;
                let p = prec.unwrap_or(6);
                match conv {
                    'f' | 'F' => format!("{x:.p$}"),
                    'e' | 'E' => {
                        let s = format_exp(x, p);
                        if conv == 'E' {
                            s.to_uppercase()
                        } else {
                            s
                        }
                    }
                    _ => format_general(x, p),
                }
            }
            'x' | 'X' | 'o' => {
                let b = as_bigint(arg).ok_or_else(|| {
                    Exc::type_error(format!(
                        "%{} format: an integer is required, not {}",
                        conv,
                        arg.type_name()
                    ))
                })?;
                match conv {
                    'x' => format!("{b:x}"),
                    'X' => format!("{b:X}"),
                    _ => format!("{b:o}"),
                }
            }
            other => {
                return Err(Exc::value_error(format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    other,
                    other as u32,
                    i - 1
                )))
            }
        };
        let body = match (conv, prec) {
            ('s' | 'r', Some(p)) => body.chars().take(p).collect(),
            _ => body,
        };
        let body = if flags.contains('+') && "dif".contains(conv) && !body.starts_with('-') {
            format!("+{body}")
        } else if flags.contains(' ') && "dif".contains(conv) && !body.starts_with('-') {
            format!(" {body}")
        } else {
            body
        };
        let w: usize = width.parse().unwrap_or(0);
        let n = body.chars().count();
        if n >= w {
            out.push_str(&body);
        } else if flags.contains('-') {
            out.push_str(&body);
            out.extend(std::iter::repeat_n(' ', w - n));
        } else if flags.contains('0') && conv != 's' && conv != 'r' {
            let (sign, digits) = match body.strip_prefix(['-', '+', ' ']) {
                Some(d) => (&body[..1], d),
                None => ("", body.as_str()),
            };
            out.push_str(sign);
            out.extend(std::iter::repeat_n('0', w - n));
            out.push_str(digits);
        } else {
            out.extend(std::iter::repeat_n(' ', w - n));
            out.push_str(&body);
        }
    }
    if next.next().is_some() {
        return Err(Exc::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(Value::Str(Arc::from(out)))
}

/// `'%.{p}e' % x`: Python writes at least two exponent digits.
pub fn format_exp(x: f64, p: usize) -> String {
    if !x.is_finite() {
        return float_repr(x);
    }
    let s = format!("{x:.p$e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let e: i32 = e.parse().unwrap_or(0);
            format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs())
        }
        None => s,
    }
}

/// `'%.{p}g' % x`.
pub fn format_general(x: f64, p: usize) -> String {
    if !x.is_finite() {
        return float_repr(x);
    }
    let p = p.max(1);
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let e = format_exp(x, p - 1);
    let exp: i32 = e
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let strip = |s: String| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if exp < -4 || exp >= p as i32 {
        let (m, rest) = e.split_once('e').unwrap_or((&e, ""));
        format!("{}e{}", strip(m.to_string()), rest)
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip(format!("{x:.decimals$}"))
    }
}

use super::repr::float_repr;

/// `int(x)` for a float: truncation; errors for NaN and infinities.
pub fn float_to_int(x: f64) -> PyResult {
    if x.is_nan() {
        return Err(Exc::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(Exc::overflow("cannot convert float infinity to integer"));
    }
    let t = x.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(int_from_big(BigInt::from_f64(t).unwrap_or_default()))
}
