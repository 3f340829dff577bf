//! `random`: CPython's Mersenne Twister, so a seeded sequence is the one
//! Python gives (`random.seed(42); random.random()` is 0.6394267984578837),
//! with Python's derived functions (`randrange` by rejection on
//! `getrandbits`, `shuffle`, `sample`, `choice`, `gauss`, ...). The
//! module-level state is one per thread, as each PySpark worker process has
//! its own; `random.Random(seed)` makes an independent generator.

use std::any::Any;
use std::cell::RefCell;
use std::sync::Arc;

use indexmap::IndexMap;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use parking_lot::Mutex;

use super::Attrs;
use crate::lang::native::SigFn;
use crate::lang::ops;
use crate::lang::registry::{Bound, Signature};
use crate::lang::value::{Exc, ExcKind, Kwargs, Object, PyResult, Value};

pub const NAMES: &[&str] = &[
    "seed",
    "random",
    "randint",
    "randrange",
    "choice",
    "choices",
    "shuffle",
    "sample",
    "uniform",
    "gauss",
    "normalvariate",
    "expovariate",
    "getrandbits",
    "Random",
];

const N: usize = 624;
const M: usize = 397;

/// The generator state: MT19937 plus `gauss`'s spare value.
#[derive(Clone)]
pub struct Mt {
    mt: [u32; N],
    mti: usize,
    gauss_next: Option<f64>,
}

impl Mt {
    fn new() -> Mt {
        let mut m = Mt {
            mt: [0; N],
            mti: N + 1,
            gauss_next: None,
        };
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let salt = &m as *const Mt as usize as u128;
        let x = t ^ (salt << 17);
        m.seed_words(&[
            x as u32,
            (x >> 32) as u32,
            (x >> 64) as u32,
            (x >> 96) as u32,
        ]);
        m
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let p = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(p ^ (p >> 30))
                .wrapping_add(i as u32);
        }
        self.mti = N;
    }

    /// CPython's `init_by_array`.
    fn seed_words(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let p = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (p ^ (p >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let p = self.mt[i - 1];
            self.mt[i] =
                (self.mt[i] ^ (p ^ (p >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
        self.gauss_next = None;
    }

    fn genrand(&mut self) -> u32 {
        const MAG: [u32; 2] = [0, 0x9908_b0df];
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        if self.mti >= N {
            for kk in 0..N - M {
                let y = (self.mt[kk] & UPPER) | (self.mt[kk + 1] & LOWER);
                self.mt[kk] = self.mt[kk + M] ^ (y >> 1) ^ MAG[(y & 1) as usize];
            }
            for kk in N - M..N - 1 {
                let y = (self.mt[kk] & UPPER) | (self.mt[kk + 1] & LOWER);
                self.mt[kk] = self.mt[kk + M - N] ^ (y >> 1) ^ MAG[(y & 1) as usize];
            }
            let y = (self.mt[N - 1] & UPPER) | (self.mt[0] & LOWER);
            self.mt[N - 1] = self.mt[M - 1] ^ (y >> 1) ^ MAG[(y & 1) as usize];
            self.mti = 0;
        }
        let mut y = self.mt[self.mti];
        self.mti += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: 53 random bits in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = (self.genrand() >> 5) as f64;
        let b = (self.genrand() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    fn getrandbits(&mut self, k: u64) -> BigInt {
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.genrand() >> (32 - k));
        }
        let words = (k - 1) / 32 + 1;
        let mut digits = Vec::with_capacity(words as usize);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.genrand();
            if left < 32 {
                r >>= 32 - left;
            }
            digits.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(num_bigint::Sign::Plus, &digits)
    }

    /// A uniform int in [0, n), by rejection as Python's `_randbelow`.
    fn below(&mut self, n: &BigInt) -> BigInt {
        let k = n.bits();
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }

    fn below_usize(&mut self, n: usize) -> usize {
        self.below(&BigInt::from(n)).to_usize().unwrap_or(0)
    }

    fn seed(&mut self, a: &Value) -> PyResult<()> {
        let n: BigInt = match a {
            Value::None => {
                *self = Mt::new();
                return Ok(());
            }
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
                ops::as_bigint(a).unwrap_or_default().abs()
            }
            Value::Float(_) => BigInt::from(crate::lang::hash::py_hash(a)?).abs(),
            Value::Str(_) => {
                return Err(Exc::new(
                    ExcKind::NotImplementedError,
                    "random.seed() with a str is outside streamlab's Python (Python hashes it with SHA-512); seed with an int",
                ))
            }
            other => {
                return Err(Exc::type_error(format!(
                    "The only supported seed types are: None,\nint, float, str, bytes, and bytearray. (got {})",
                    other.type_name()
                )))
            }
        };
        let (_, mut words) = n.to_u32_digits();
        if words.is_empty() {
            words.push(0);
        }
        self.seed_words(&words);
        Ok(())
    }

    fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }

    fn normalvariate(&mut self, mu: f64, sigma: f64) -> f64 {
        const NV_MAGICCONST: f64 = 1.715_527_769_921_413_5; // 4 * exp(-0.5) / sqrt(2.0)
        loop {
            let u1 = self.random();
            let u2 = 1.0 - self.random();
            let z = NV_MAGICCONST * (u1 - 0.5) / u2;
            if z * z / 4.0 <= -u2.ln() {
                return mu + z * sigma;
            }
        }
    }
}

thread_local! {
    static STATE: RefCell<Option<Mt>> = const { RefCell::new(None) };
}

/// Run `f` on this thread's module-level generator.
fn with_global<T>(f: impl FnOnce(&mut Mt) -> T) -> T {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        f(s.get_or_insert_with(Mt::new))
    })
}

fn int_value(v: &Value, what: &str) -> PyResult<BigInt> {
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => {
            Ok(ops::as_bigint(v).unwrap_or_default())
        }
        Value::Float(x) if x.fract() == 0.0 && x.is_finite() => Err(Exc::type_error(
            "'float' object cannot be interpreted as an integer",
        )),
        Value::Float(_) => Err(Exc::value_error(format!(
            "non-integer {what} for randrange()"
        ))),
        other => Err(Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}

fn randrange(mt: &mut Mt, start: &Value, stop: &Value, step: &Value) -> PyResult {
    let istart = int_value(start, "arg 1")?;
    if stop.is_none() {
        if istart.is_positive() {
            return Ok(ops::int_from_big(mt.below(&istart)));
        }
        return Err(Exc::value_error("empty range for randrange()"));
    }
    let istop = int_value(stop, "stop")?;
    let istep = int_value(step, "step")?;
    let width = &istop - &istart;
    if istep == BigInt::from(1) {
        if width.is_positive() {
            return Ok(ops::int_from_big(&istart + mt.below(&width)));
        }
        return Err(Exc::value_error(format!(
            "empty range for randrange() ({istart}, {istop}, {width})"
        )));
    }
    if istep.is_zero() {
        return Err(Exc::value_error("zero step for randrange()"));
    }
    let n = if istep.is_positive() {
        num_integer::Integer::div_floor(&(&width + &istep - 1), &istep)
    } else {
        num_integer::Integer::div_floor(&(&width + &istep + 1), &istep)
    };
    if !n.is_positive() {
        return Err(Exc::value_error("empty range for randrange()"));
    }
    Ok(ops::int_from_big(&istart + &istep * mt.below(&n)))
}

fn sequence(v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::Set(_) | Value::Dict(_) => Err(Exc::type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        )),
        other => ops::iterate(other),
    }
}

/// Every function of the module, run on a generator.
fn call(mt: &mut Mt, name: &str, b: &Bound) -> PyResult {
    let f = |n: &str| super::float_arg(&b.get(n));
    match name {
        "seed" => {
            mt.seed(&b.get("a"))?;
            Ok(Value::None)
        }
        "random" => Ok(Value::Float(mt.random())),
        "uniform" => {
            let (a, c) = (f("a")?, f("b")?);
            Ok(Value::Float(a + (c - a) * mt.random()))
        }
        "gauss" => Ok(Value::Float(mt.gauss(f("mu")?, f("sigma")?))),
        "normalvariate" => Ok(Value::Float(mt.normalvariate(f("mu")?, f("sigma")?))),
        "expovariate" => {
            let l = f("lambd")?;
            if l == 0.0 {
                return Err(Exc::zero_div("float division by zero"));
            }
            Ok(Value::Float(-(1.0 - mt.random()).ln() / l))
        }
        "getrandbits" => {
            let k = super::int_arg(&b.get("k"), "k")?;
            if k < 0 {
                return Err(Exc::value_error("number of bits must be non-negative"));
            }
            Ok(ops::int_from_big(mt.getrandbits(k as u64)))
        }
        "randrange" => randrange(mt, &b.get("start"), &b.get("stop"), &b.get("step")),
        "randint" => {
            let hi = ops::binary(crate::lang::ast::BinOp::Add, &b.get("b"), &Value::Int(1))?;
            randrange(mt, &b.get("a"), &hi, &Value::Int(1))
        }
        "choice" => {
            let seq = b.get("seq");
            let n = ops::len(&seq)?;
            if n == 0 {
                return Err(Exc::index_error("Cannot choose from an empty sequence"));
            }
            let i = mt.below_usize(n);
            ops::subscript(&seq, &Value::Int(i as i64))
        }
        "choices" => {
            let pop = sequence(&b.get("population"))?;
            let k = super::int_arg(&b.get("k"), "k")?.max(0) as usize;
            let n = pop.len();
            let cum: Option<Vec<f64>> = match (b.get("weights"), b.get("cum_weights")) {
                (Value::None, Value::None) => None,
                (w, Value::None) => {
                    let mut acc = 0.0;
                    Some(
                        ops::iterate(&w)?
                            .iter()
                            .map(|x| {
                                acc += super::float_arg(x)?;
                                Ok(acc)
                            })
                            .collect::<PyResult<_>>()?,
                    )
                }
                (Value::None, c) => Some(
                    ops::iterate(&c)?
                        .iter()
                        .map(super::float_arg)
                        .collect::<PyResult<_>>()?,
                ),
                _ => {
                    return Err(Exc::type_error(
                        "Cannot specify both weights and cumulative weights",
                    ))
                }
            };
            let mut out = Vec::with_capacity(k);
            match cum {
                None => {
                    if n == 0 {
                        return Err(Exc::index_error("list index out of range"));
                    }
                    for _ in 0..k {
                        out.push(pop[(mt.random() * n as f64).floor() as usize].clone());
                    }
                }
                Some(cum) => {
                    if cum.len() != n {
                        return Err(Exc::value_error(
                            "The number of weights does not match the population",
                        ));
                    }
                    let total = *cum
                        .last()
                        .ok_or_else(|| Exc::index_error("list index out of range"))?;
                    if total <= 0.0 {
                        return Err(Exc::value_error(
                            "Total of weights must be greater than zero",
                        ));
                    }
                    for _ in 0..k {
                        let x = mt.random() * total;
                        let i = cum[..n - 1].partition_point(|c| *c <= x);
                        out.push(pop[i].clone());
                    }
                }
            }
            Ok(Value::list(out))
        }
        "shuffle" => {
            let Value::List(l) = b.get("x") else {
                return Err(Exc::type_error(format!(
                    "'{}' object does not support item assignment",
                    b.get("x").type_name()
                )));
            };
            let mut items = l.write();
            for i in (1..items.len()).rev() {
                let j = mt.below_usize(i + 1);
                items.swap(i, j);
            }
            Ok(Value::None)
        }
        "sample" => {
            let pop = sequence(&b.get("population"))?;
            let n = pop.len();
            let k = super::int_arg(&b.get("k"), "k")?;
            if k < 0 || k as usize > n {
                return Err(Exc::value_error(
                    "Sample larger than population or is negative",
                ));
            }
            let k = k as usize;
            let mut setsize = 21usize;
            if k > 5 {
                let e = ((k * 3) as f64).ln() / 4f64.ln();
                setsize += 4usize.pow(e.ceil() as u32);
            }
            let mut out = Vec::with_capacity(k);
            if n <= setsize {
                let mut pool = pop;
                for i in 0..k {
                    let j = mt.below_usize(n - i);
                    out.push(pool[j].clone());
                    pool[j] = pool[n - i - 1].clone();
                }
            } else {
                let mut selected = std::collections::HashSet::new();
                for _ in 0..k {
                    let mut j = mt.below_usize(n);
                    while selected.contains(&j) {
                        j = mt.below_usize(n);
                    }
                    selected.insert(j);
                    out.push(pop[j].clone());
                }
            }
            Ok(Value::list(out))
        }
        _ => Err(Exc::attr_error(format!(
            "module 'random' has no attribute '{name}'"
        ))),
    }
}

const SIGNATURES: &[(&str, &str)] = &[
    ("seed", "(a=None, version=2)"),
    ("random", "()"),
    ("randint", "(a, b)"),
    ("randrange", "(start, stop=None, step=1)"),
    ("choice", "(seq)"),
    (
        "choices",
        "(population, weights=None, *, cum_weights=None, k=1)",
    ),
    ("shuffle", "(x)"),
    ("sample", "(population, k, *, counts=None)"),
    ("uniform", "(a, b)"),
    ("gauss", "(mu=0.0, sigma=1.0)"),
    ("normalvariate", "(mu=0.0, sigma=1.0)"),
    ("expovariate", "(lambd=1.0)"),
    ("getrandbits", "(k)"),
];

pub fn make() -> Attrs {
    let mut m: Attrs = IndexMap::new();
    for &(name, sig) in SIGNATURES {
        m.insert(
            name,
            SigFn::value(name, sig, move |b| with_global(|mt| call(mt, name, &b))),
        );
    }
    m.insert("Random", Value::object(RandomClass));
    m
}

/// `random.Random`.
struct RandomClass;

impl Object for RandomClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'random.Random'>".into()
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let b = Signature::parse("(x=None)").bind("Random", args, kwargs)?;
        let mut mt = Mt::new();
        mt.seed(&b.get("x"))?;
        Ok(Value::object(Random(Mutex::new(mt))))
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        Err(Exc::attr_error(format!(
            "type object 'Random' has no attribute '{name}'"
        )))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A `random.Random` instance: its own generator.
pub struct Random(Mutex<Mt>);

impl Object for Random {
    fn type_name(&self) -> &str {
        "Random"
    }
    fn repr(&self) -> String {
        format!(
            "<random.Random object at {}>",
            crate::lang::repr::FAKE_ADDRESS
        )
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let Some((_, sig)) = SIGNATURES.iter().find(|(n, _)| *n == name) else {
            return Err(crate::lang::diag::no_attribute(
                "Random",
                name,
                SIGNATURES.iter().map(|(n, _)| *n),
            ));
        };
        let b = Signature::parse(sig).bind(name, args, kwargs)?;
        let mut mt = self.0.lock().clone();
        let r = call(&mut mt, name, &b);
        *self.0.lock() = mt;
        r
    }
    fn attr_names(&self) -> Vec<&'static str> {
        SIGNATURES.iter().map(|(n, _)| *n).collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_sequence_is_cpythons() {
        let mut mt = Mt::new();
        mt.seed(&Value::Int(42)).unwrap();
        assert_eq!(mt.random(), 0.6394267984578837);
        assert_eq!(mt.random(), 0.025010755222666936);
        mt.seed(&Value::Int(0)).unwrap();
        assert_eq!(mt.random(), 0.8444218515250481);
    }
}
