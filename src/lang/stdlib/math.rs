//! `math`: C's libm functions with Python's errors (`math domain error`,
//! `math range error`) and Python's integer functions (`floor` and `ceil`
//! return ints, `factorial` and `gcd` work on ints of any size).

use indexmap::IndexMap;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use super::{float_arg, Attrs};
use crate::lang::native::SigFn;
use crate::lang::ops::{as_bigint, float_to_int, int_from_big};
use crate::lang::value::{Exc, PyResult, Value};

pub const NAMES: &[&str] = &[
    "pi",
    "e",
    "tau",
    "inf",
    "nan",
    "floor",
    "ceil",
    "trunc",
    "sqrt",
    "exp",
    "log",
    "log10",
    "log2",
    "log1p",
    "expm1",
    "pow",
    "fabs",
    "fmod",
    "copysign",
    "isnan",
    "isinf",
    "isfinite",
    "isclose",
    "gcd",
    "lcm",
    "factorial",
    "comb",
    "perm",
    "hypot",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "atan2",
    "sinh",
    "cosh",
    "tanh",
    "degrees",
    "radians",
    "fsum",
    "prod",
    "isqrt",
    "modf",
];

fn domain() -> Exc {
    Exc::value_error("math domain error")
}

/// A float result, checked as Python checks libm's: NaN from a non-NaN
/// argument is a domain error, infinity from a finite one a range error.
fn checked(x: f64, r: f64) -> PyResult {
    if r.is_nan() && !x.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(Exc::overflow("math range error"));
    }
    Ok(Value::Float(r))
}

fn int_of(v: &Value) -> PyResult<BigInt> {
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => Ok(as_bigint(v).unwrap_or_default()),
        other => Err(Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}

fn rounding(name: &'static str, f: fn(f64) -> f64) -> (&'static str, Value) {
    (
        name,
        SigFn::value(name, "(x, /)", move |b| match b.get("x") {
            v @ (Value::Int(_) | Value::BigInt(_)) => Ok(v),
            Value::Bool(x) => Ok(Value::Int(i64::from(x))),
            v => float_to_int(f(float_arg(&v)?)),
        }),
    )
}

fn unary(name: &'static str, f: fn(f64) -> f64) -> (&'static str, Value) {
    (
        name,
        SigFn::value(name, "(x, /)", move |b| {
            let x = float_arg(&b.get("x"))?;
            checked(x, f(x))
        }),
    )
}

fn log_of(v: &Value) -> PyResult<f64> {
    // Ints too large for a float still have a logarithm, as in Python.
    if let Value::BigInt(b) = v {
        if b.is_positive() {
            let bits = b.bits();
            let shift = bits.saturating_sub(60);
            let top: BigInt = &**b >> shift;
            let t = crate::lang::ops::big_to_f64(&top)?;
            return Ok(t.ln() + shift as f64 * std::f64::consts::LN_2);
        }
    }
    let x = float_arg(v)?;
    if x <= 0.0 || x.is_nan() {
        return Err(domain());
    }
    Ok(x.ln())
}

pub fn make() -> Attrs {
    use std::f64::consts;
    let mut m: Attrs = IndexMap::new();
    for (n, v) in [
        ("pi", consts::PI),
        ("e", consts::E),
        ("tau", consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        m.insert(n, Value::Float(v));
    }
    m.extend([
        rounding("floor", f64::floor),
        rounding("ceil", f64::ceil),
        rounding("trunc", f64::trunc),
        unary("exp", f64::exp),
        unary("expm1", f64::exp_m1),
        unary("fabs", f64::abs),
        unary("sin", f64::sin),
        unary("cos", f64::cos),
        unary("tan", f64::tan),
        unary("asin", f64::asin),
        unary("acos", f64::acos),
        unary("atan", f64::atan),
        unary("sinh", f64::sinh),
        unary("cosh", f64::cosh),
        unary("tanh", f64::tanh),
        unary("degrees", f64::to_degrees),
        unary("radians", f64::to_radians),
    ]);
    m.insert(
        "sqrt",
        SigFn::value("sqrt", "(x, /)", |b| {
            let x = float_arg(&b.get("x"))?;
            if x < 0.0 {
                return Err(domain());
            }
            Ok(Value::Float(x.sqrt()))
        }),
    );
    m.insert(
        "log",
        SigFn::value("log", "(x, base=None, /)", |b| {
            let num = log_of(&b.get("x"))?;
            match b.get("base") {
                Value::None => Ok(Value::Float(num)),
                base => {
                    let den = log_of(&base)?;
                    if den == 0.0 {
                        return Err(Exc::zero_div("float division by zero"));
                    }
                    Ok(Value::Float(num / den))
                }
            }
        }),
    );
    m.insert(
        "log10",
        SigFn::value("log10", "(x, /)", |b| {
            let v = b.get("x");
            if let Value::Int(i) = v {
                if i > 0 {
                    return Ok(Value::Float((i as f64).log10()));
                }
            }
            Ok(Value::Float(log_of(&v)? / consts::LN_10))
        }),
    );
    m.insert(
        "log2",
        SigFn::value("log2", "(x, /)", |b| {
            let v = b.get("x");
            if let Value::Int(i) = v {
                if i > 0 {
                    return Ok(Value::Float((i as f64).log2()));
                }
            }
            Ok(Value::Float(log_of(&v)? / consts::LN_2))
        }),
    );
    m.insert(
        "log1p",
        SigFn::value("log1p", "(x, /)", |b| {
            let x = float_arg(&b.get("x"))?;
            if x <= -1.0 {
                return Err(domain());
            }
            Ok(Value::Float(x.ln_1p()))
        }),
    );
    m.insert(
        "pow",
        SigFn::value("pow", "(x, y, /)", |b| {
            let (x, y) = (float_arg(&b.get("x"))?, float_arg(&b.get("y"))?);
            if x == 0.0 && y < 0.0 {
                return Err(domain());
            }
            if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
                return Err(domain());
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(Exc::overflow("math range error"));
            }
            Ok(Value::Float(r))
        }),
    );
    m.insert(
        "fmod",
        SigFn::value("fmod", "(x, y, /)", |b| {
            let (x, y) = (float_arg(&b.get("x"))?, float_arg(&b.get("y"))?);
            if y == 0.0 || x.is_infinite() {
                return Err(domain());
            }
            Ok(Value::Float(x % y))
        }),
    );
    m.insert(
        "copysign",
        SigFn::value("copysign", "(x, y, /)", |b| {
            let (x, y) = (float_arg(&b.get("x"))?, float_arg(&b.get("y"))?);
            Ok(Value::Float(x.copysign(y)))
        }),
    );
    m.insert(
        "atan2",
        SigFn::value("atan2", "(y, x, /)", |b| {
            let (y, x) = (float_arg(&b.get("y"))?, float_arg(&b.get("x"))?);
            Ok(Value::Float(y.atan2(x)))
        }),
    );
    m.insert(
        "modf",
        SigFn::value("modf", "(x, /)", |b| {
            let x = float_arg(&b.get("x"))?;
            let int = x.trunc();
            let frac = if x.is_infinite() {
                0.0f64.copysign(x)
            } else {
                x - int
            };
            Ok(Value::tuple(vec![Value::Float(frac), Value::Float(int)]))
        }),
    );
    for (name, f) in [
        ("isnan", f64::is_nan as fn(f64) -> bool),
        ("isinf", f64::is_infinite),
        ("isfinite", f64::is_finite),
    ] {
        m.insert(
            name,
            SigFn::value(name, "(x, /)", move |b| {
                Ok(Value::Bool(f(float_arg(&b.get("x"))?)))
            }),
        );
    }
    m.insert(
        "isclose",
        SigFn::value("isclose", "(a, b, *, rel_tol=1e-09, abs_tol=0.0)", |b| {
            let (x, y) = (float_arg(&b.get("a"))?, float_arg(&b.get("b"))?);
            let rel = float_arg(&b.get("rel_tol"))?;
            let abs = float_arg(&b.get("abs_tol"))?;
            if rel < 0.0 || abs < 0.0 {
                return Err(Exc::value_error("tolerances must be non-negative"));
            }
            if x == y {
                return Ok(Value::Bool(true));
            }
            if x.is_infinite() || y.is_infinite() {
                return Ok(Value::Bool(false));
            }
            let diff = (x - y).abs();
            Ok(Value::Bool(
                diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs,
            ))
        }),
    );
    for (name, lcm) in [("gcd", false), ("lcm", true)] {
        m.insert(
            name,
            SigFn::value(name, "(*integers)", move |b| {
                let mut acc = if lcm { BigInt::one() } else { BigInt::zero() };
                for v in b.rest() {
                    let n = int_of(v)?;
                    acc = if lcm {
                        if n.is_zero() || acc.is_zero() {
                            BigInt::zero()
                        } else {
                            acc.lcm(&n)
                        }
                    } else {
                        acc.gcd(&n)
                    };
                }
                Ok(int_from_big(acc.abs()))
            }),
        );
    }
    m.insert(
        "factorial",
        SigFn::value("factorial", "(n, /)", |b| {
            let n = int_of(&b.get("n"))?;
            if n.is_negative() {
                return Err(Exc::value_error(
                    "factorial() not defined for negative values",
                ));
            }
            let n = u64::try_from(&n)
                .ok()
                .filter(|n| *n <= 100_000)
                .ok_or_else(|| {
                    Exc::overflow("factorial() argument should not exceed 100000 in streamlab")
                })?;
            let mut acc = BigInt::one();
            for i in 2..=n {
                acc *= i;
            }
            Ok(int_from_big(acc))
        }),
    );
    for name in ["comb", "perm"] {
        m.insert(
            name,
            SigFn::value(name, "(n, k=None, /)", move |b| {
                let n = int_of(&b.get("n"))?;
                let k = match b.get("k") {
                    Value::None if name == "perm" => n.clone(),
                    k => int_of(&k)?,
                };
                if n.is_negative() {
                    return Err(Exc::value_error("n must be a non-negative integer"));
                }
                if k.is_negative() {
                    return Err(Exc::value_error("k must be a non-negative integer"));
                }
                if k > n {
                    return Ok(Value::Int(0));
                }
                let k = u64::try_from(&k).map_err(|_| Exc::overflow("k is too large"))?;
                let mut acc = BigInt::one();
                for i in 0..k {
                    acc *= &n - i;
                    if name == "comb" {
                        acc /= i + 1;
                    }
                }
                Ok(int_from_big(acc))
            }),
        );
    }
    m.insert(
        "isqrt",
        SigFn::value("isqrt", "(n, /)", |b| {
            let n = int_of(&b.get("n"))?;
            if n.is_negative() {
                return Err(Exc::value_error("isqrt() argument must be nonnegative"));
            }
            Ok(int_from_big(n.sqrt()))
        }),
    );
    m.insert(
        "hypot",
        SigFn::value("hypot", "(*coordinates)", |b| {
            let mut acc = 0.0f64;
            for v in b.rest() {
                acc = acc.hypot(float_arg(v)?);
            }
            Ok(Value::Float(acc))
        }),
    );
    m.insert(
        "fsum",
        SigFn::value("fsum", "(seq, /)", |b| {
            let xs: Vec<f64> = crate::lang::ops::iterate(&b.get("seq"))?
                .iter()
                .map(float_arg)
                .collect::<PyResult<_>>()?;
            Ok(Value::Float(fsum(&xs)))
        }),
    );
    m.insert(
        "prod",
        SigFn::value("prod", "(iterable, /, *, start=1)", |b| {
            let mut acc = b.get("start");
            for x in crate::lang::ops::iterate(&b.get("iterable"))? {
                acc = crate::lang::ops::binary(crate::lang::ast::BinOp::Mul, &acc, &x)?;
            }
            Ok(acc)
        }),
    );
    m
}

/// An exactly rounded sum (Shewchuk's partials, as Python's `fsum`).
fn fsum(xs: &[f64]) -> f64 {
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0;
    for &x in xs {
        if !x.is_finite() {
            special += x;
            continue;
        }
        let mut x = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        partials.push(x);
    }
    if special != 0.0 || special.is_nan() {
        return special;
    }
    let mut n = partials.len();
    let mut hi = 0.0;
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsum_is_exact() {
        assert_eq!(fsum(&[0.1; 10]), 1.0);
        assert_eq!(
            fsum(&[1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]),
            1e-100
        );
    }
}
