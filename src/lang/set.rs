//! Python's `set` and `frozenset`.
//!
//! A set prints its items in the order of its hash table, so that order is
//! part of what a program shows (`print({10, 3, 8})` is `{8, 10, 3}` in
//! CPython). The table here is CPython's (3.11): open addressing with nine
//! linear probes then perturbed jumps, the same growth rule, the same dummy
//! slots left by removals and the same table copies in `copy`, `|`, `&`, `-`
//! and `^`, so ints (whose hash is the int itself) come out in CPython's
//! order. Strings hash as under `PYTHONHASHSEED=0`; a CPython process hashes
//! them randomly, so their order there changes from run to run anyway.

use std::sync::Arc;

use super::ast::{BinOp, CmpOp};
use super::ops;
use super::value::{Exc, Key, PyResult, Value};

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone)]
enum Slot {
    Empty,
    /// Left by a removal: probing goes on past it.
    Dummy,
    Full(Key),
}

/// The hash table of one set, as CPython lays it out.
#[derive(Clone)]
pub struct Table {
    slots: Vec<Slot>,
    /// Full and dummy slots.
    fill: usize,
    /// Full slots.
    used: usize,
    /// Where `pop` looks first.
    finger: usize,
}

impl Default for Table {
    fn default() -> Self {
        Table {
            slots: vec![Slot::Empty; MIN_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
        }
    }
}

impl Table {
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The keys in table order: the order Python iterates and prints.
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Full(k) => Some(k),
            _ => None,
        })
    }

    pub fn values(&self) -> Vec<Value> {
        self.keys().map(|k| k.0.clone()).collect()
    }

    /// The slot holding `key`, if any (CPython's `set_lookkey`).
    fn find(&self, key: &Key) -> Option<usize> {
        let mask = self.mask();
        let mut perturb = key.1 as u64;
        let mut i = (key.1 as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => return None,
                    Slot::Full(k) if k == key => return Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    pub fn contains(&self, key: &Key) -> bool {
        self.find(key).is_some()
    }

    /// Add `key` (CPython's `set_add_entry`); false when it was there already.
    pub fn add(&mut self, key: Key) -> PyResult<bool> {
        let mask = self.mask();
        let mut perturb = key.1 as u64;
        let mut i = (key.1 as u64 as usize) & mask;
        let mut freeslot = None;
        let empty = loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let mut hit = None;
            for j in i..=i + probes {
                match &self.slots[j] {
                    Slot::Empty => {
                        hit = Some(j);
                        break;
                    }
                    Slot::Full(k) if *k == key => return Ok(false),
                    // CPython 3.11 reuses the last dummy passed on the way.
                    Slot::Dummy => freeslot = Some(j),
                    _ => {}
                }
            }
            if let Some(j) = hit {
                break j;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        };
        if let Some(free) = freeslot {
            self.slots[free] = Slot::Full(key);
            self.used += 1;
            return Ok(true);
        }
        super::limits::check_items(self.used + 1, "set")?;
        self.slots[empty] = Slot::Full(key);
        self.fill += 1;
        self.used += 1;
        if self.fill * 5 >= mask * 3 {
            self.resize(if self.used > 50_000 {
                self.used * 2
            } else {
                self.used * 4
            });
        }
        Ok(true)
    }

    /// Place a key known to be absent into a table without dummies
    /// (CPython's `set_insert_clean`).
    fn insert_clean(slots: &mut [Slot], key: Key) {
        let mask = slots.len() - 1;
        let mut perturb = key.1 as u64;
        let mut i = (key.1 as u64 as usize) & mask;
        loop {
            if matches!(slots[i], Slot::Empty) {
                slots[i] = Slot::Full(key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                let run = &mut slots[i + 1..=i + LINEAR_PROBES];
                if let Some(free) = run.iter_mut().find(|s| matches!(s, Slot::Empty)) {
                    *free = Slot::Full(key);
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Rebuild with room for `minused` keys (CPython's `set_table_resize`).
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![Slot::Empty; size]);
        for s in old {
            if let Slot::Full(k) = s {
                Self::insert_clean(&mut self.slots, k);
            }
        }
        self.fill = self.used;
    }

    /// Remove `key`; false when it was not there.
    pub fn discard(&mut self, key: &Key) -> bool {
        match self.find(key) {
            Some(j) => {
                self.slots[j] = Slot::Dummy;
                self.used -= 1;
                true
            }
            None => false,
        }
    }

    /// Remove and return an arbitrary key, as CPython picks it.
    pub fn pop(&mut self) -> Option<Key> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut j = self.finger & mask;
        while !matches!(self.slots[j], Slot::Full(_)) {
            j = (j + 1) & mask;
        }
        let Slot::Full(k) = std::mem::replace(&mut self.slots[j], Slot::Dummy) else {
            return None;
        };
        self.used -= 1;
        self.finger = j + 1;
        Some(k)
    }

    /// Add every key of `other` (CPython's `set_merge`, which copies the
    /// layout when this table is empty).
    pub fn merge(&mut self, other: &Table) -> PyResult<()> {
        if other.used == 0 {
            return Ok(());
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.slots = other.slots.clone();
            self.fill = other.fill;
            self.used = other.used;
            return Ok(());
        }
        if self.fill == 0 {
            for k in other.keys() {
                Self::insert_clean(&mut self.slots, k.clone());
            }
            self.fill = other.used;
            self.used = other.used;
            return Ok(());
        }
        for k in other.keys() {
            self.add(k.clone())?;
        }
        Ok(())
    }

    /// Add the items of any iterable value (CPython's `set_update_internal`).
    pub fn update(&mut self, iterable: &Value) -> PyResult<()> {
        if let Value::Set(s) = iterable {
            let other = s.read().clone();
            return self.merge(&other);
        }
        if let Value::Dict(d) = iterable {
            let n = d.len();
            if (self.fill + n) * 5 >= self.mask() * 3 {
                self.resize((self.used + n) * 2);
            }
        }
        for v in ops::iterate(iterable)? {
            self.add(Key::new(v)?)?;
        }
        Ok(())
    }

    /// A copy laid out as CPython's `set.copy()` lays it out.
    pub fn copied(&self) -> PyResult<Table> {
        let mut t = Table::default();
        t.merge(self)?;
        Ok(t)
    }

    /// `frozenset`'s hash, as CPython computes it.
    pub fn hash(&self) -> i64 {
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
        }
        let mut h: u64 = 0;
        for k in self.keys() {
            h ^= shuffle(k.1 as u64);
        }
        h ^= (self.used as u64 + 1).wrapping_mul(1_927_868_237);
        h ^= (h >> 11) ^ (h >> 25);
        h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
        if h == u64::MAX {
            h = 590_923_713;
        }
        h as i64
    }
}

/// A set or a frozenset: one shared table (a set is mutable; every name
/// bound to it sees an `add`).
pub struct Set {
    pub frozen: bool,
    table: parking_lot::RwLock<Table>,
}

impl Set {
    pub fn new(table: Table, frozen: bool) -> Arc<Set> {
        Arc::new(Set {
            frozen,
            table: parking_lot::RwLock::new(table),
        })
    }
    pub fn read(&self) -> parking_lot::RwLockReadGuard<'_, Table> {
        self.table.read_recursive()
    }
    pub fn write(&self) -> parking_lot::RwLockWriteGuard<'_, Table> {
        self.table.write()
    }
    pub fn type_name(&self) -> &'static str {
        if self.frozen {
            "frozenset"
        } else {
            "set"
        }
    }
}

/// A new set (or frozenset) value.
pub fn value(table: Table, frozen: bool) -> Value {
    Value::Set(Set::new(table, frozen))
}

/// `set(iterable)` / `frozenset(iterable)`.
pub fn from_iterable(v: &Value, frozen: bool) -> PyResult {
    let mut t = Table::default();
    t.update(v)?;
    Ok(value(t, frozen))
}

/// `{a, b, c}`: CPython builds a display of three or more constants as a
/// frozenset constant merged into a new set, and others item by item.
pub fn display(items: Vec<Value>, folded: bool) -> PyResult {
    let mut t = Table::default();
    for v in items {
        t.add(Key::new(v)?)?;
    }
    if folded {
        t = t.copied()?;
    }
    Ok(value(t, false))
}

/// The set behind a value, for the operators and methods that take any set.
fn as_table(v: &Value) -> Option<Table> {
    match v {
        Value::Set(s) => Some(s.read().clone()),
        _ => None,
    }
}

fn is_subset(a: &Table, b: &Table) -> bool {
    a.len() <= b.len() && a.keys().all(|k| b.contains(k))
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` for two sets (the result has `a`'s type).
pub fn binary(op: BinOp, a: &Set, b: &Value) -> Option<PyResult> {
    let other = as_table(b)?;
    let this = a.read().clone();
    let table = match op {
        BinOp::BitOr => union(&this, &other),
        BinOp::BitAnd => Ok(intersection(&this, &other)),
        BinOp::Sub => difference(&this, &other),
        BinOp::BitXor => symmetric_difference(&this, &other),
        _ => return None,
    };
    Some(table.map(|t| value(t, a.frozen)))
}

fn union(a: &Table, b: &Table) -> PyResult<Table> {
    let mut t = a.copied()?;
    t.merge(b)?;
    Ok(t)
}

fn intersection(a: &Table, b: &Table) -> Table {
    // CPython walks the smaller set and looks each key up in the larger.
    let (small, large) = if b.len() > a.len() { (a, b) } else { (b, a) };
    let mut t = Table::default();
    for k in small.keys() {
        if large.contains(k) {
            // Cannot fail: the keys are already hashed, and fewer than `small`.
            let _ = t.add(k.clone());
        }
    }
    t
}

fn difference(a: &Table, b: &Table) -> PyResult<Table> {
    if (a.len() >> 2) > b.len() {
        let mut t = a.copied()?;
        for k in b.keys() {
            t.discard(k);
        }
        return Ok(t);
    }
    let mut t = Table::default();
    for k in a.keys() {
        if !b.contains(k) {
            t.add(k.clone())?;
        }
    }
    Ok(t)
}

fn symmetric_difference(a: &Table, b: &Table) -> PyResult<Table> {
    let mut t = b.copied()?;
    for k in a.keys() {
        if !t.discard(k) {
            t.add(k.clone())?;
        }
    }
    Ok(t)
}

/// `a < b`, `a <= b`, ... between two sets: subset and superset tests.
pub fn compare(op: CmpOp, a: &Set, b: &Value) -> Option<bool> {
    let other = as_table(b)?;
    let this = a.read();
    Some(match op {
        CmpOp::Eq => this.len() == other.len() && is_subset(&this, &other),
        CmpOp::NotEq => !(this.len() == other.len() && is_subset(&this, &other)),
        CmpOp::LtE => is_subset(&this, &other),
        CmpOp::Lt => this.len() < other.len() && is_subset(&this, &other),
        CmpOp::GtE => is_subset(&other, &this),
        CmpOp::Gt => this.len() > other.len() && is_subset(&other, &this),
        _ => return None,
    })
}

/// The methods of `set` (all of them) and `frozenset` (those that do not change it).
pub const SET_METHODS: &[&str] = &[
    "add",
    "clear",
    "copy",
    "difference",
    "difference_update",
    "discard",
    "intersection",
    "intersection_update",
    "isdisjoint",
    "issubset",
    "issuperset",
    "pop",
    "remove",
    "symmetric_difference",
    "symmetric_difference_update",
    "union",
    "update",
];
pub const FROZENSET_METHODS: &[&str] = &[
    "copy",
    "difference",
    "intersection",
    "isdisjoint",
    "issubset",
    "issuperset",
    "symmetric_difference",
    "union",
];

/// Any iterable as a table (a set as it is).
fn table_of(v: &Value) -> PyResult<Table> {
    match as_table(v) {
        Some(t) => Ok(t),
        None => {
            let mut t = Table::default();
            t.update(v)?;
            Ok(t)
        }
    }
}

fn one_arg(qual: &str, args: &[Value]) -> PyResult<Value> {
    match args {
        [a] => Ok(a.clone()),
        _ => Err(Exc::type_error(format!(
            "{qual}() takes exactly one argument ({} given)",
            args.len()
        ))),
    }
}

fn no_args(qual: &str, args: &[Value]) -> PyResult<()> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(Exc::type_error(format!(
            "{qual}() takes no arguments ({} given)",
            args.len()
        )))
    }
}

/// `s.name(args)` for a set or frozenset `s` (`recv` is the value holding it).
pub fn call_method(recv: &Value, s: &Arc<Set>, name: &str, args: Vec<Value>) -> PyResult {
    let ty = s.type_name();
    let known = if s.frozen {
        FROZENSET_METHODS
    } else {
        SET_METHODS
    };
    if !known.contains(&name) {
        return Err(Exc::attr_error(format!(
            "'{ty}' object has no attribute '{name}'"
        )));
    }
    let qual = format!("{ty}.{name}");
    let this = || s.read().clone();
    let same = |t: Table| value(t, s.frozen);
    match name {
        "add" => {
            let v = Key::new(one_arg(&qual, &args)?)?;
            s.write().add(v)?;
            Ok(Value::None)
        }
        "discard" | "remove" => {
            let v = one_arg(&qual, &args)?;
            let k = Key::new(v.clone())?;
            let found = s.write().discard(&k);
            if !found && name == "remove" {
                return Err(Exc::key_error_of(v));
            }
            Ok(Value::None)
        }
        "pop" => {
            no_args(&qual, &args)?;
            s.write()
                .pop()
                .map(|k| k.0)
                .ok_or_else(|| Exc::key_error_of(Value::str("pop from an empty set")))
        }
        "clear" => {
            no_args(&qual, &args)?;
            *s.write() = Table::default();
            Ok(Value::None)
        }
        "copy" => {
            no_args(&qual, &args)?;
            if s.frozen {
                return Ok(recv.clone());
            }
            Ok(same(this().copied()?))
        }
        "update" => {
            let mut t = this();
            for a in &args {
                t.update(a)?;
            }
            *s.write() = t;
            Ok(Value::None)
        }
        "union" => {
            let mut t = this().copied()?;
            for a in &args {
                t.update(a)?;
            }
            Ok(same(t))
        }
        "intersection" | "intersection_update" => {
            let mut t = this();
            for a in &args {
                t = intersection(&t, &table_of(a)?);
            }
            if args.is_empty() {
                t = t.copied()?;
            }
            if name == "intersection" {
                return Ok(same(t));
            }
            *s.write() = t;
            Ok(Value::None)
        }
        "difference" => {
            let Some((first, rest)) = args.split_first() else {
                return Ok(same(this().copied()?));
            };
            let mut t = difference(&this(), &table_of(first)?)?;
            for a in rest {
                discard_all(&mut t, a)?;
            }
            Ok(same(t))
        }
        "difference_update" => {
            let mut t = this();
            for a in &args {
                discard_all(&mut t, a)?;
            }
            *s.write() = t;
            Ok(Value::None)
        }
        "symmetric_difference" => {
            let other = table_of(&one_arg(&qual, &args)?)?;
            Ok(same(symmetric_difference(&this(), &other)?))
        }
        "symmetric_difference_update" => {
            let other = table_of(&one_arg(&qual, &args)?)?;
            let mut t = this();
            toggle_all(&mut t, &other)?;
            *s.write() = t;
            Ok(Value::None)
        }
        "issubset" | "issuperset" | "isdisjoint" => {
            let other = table_of(&one_arg(&qual, &args)?)?;
            let t = this();
            Ok(Value::Bool(match name {
                "issubset" => is_subset(&t, &other),
                "issuperset" => is_subset(&other, &t),
                _ => t.keys().all(|k| !other.contains(k)),
            }))
        }
        _ => Err(Exc::attr_error(format!(
            "'{ty}' object has no attribute '{name}'"
        ))),
    }
}

/// Remove the items of `other` in place (`difference_update`, `-=`).
fn discard_all(t: &mut Table, other: &Value) -> PyResult<()> {
    let keys: Vec<Key> = match other {
        Value::Set(o) => o.read().keys().cloned().collect(),
        _ => ops::iterate(other)?
            .into_iter()
            .map(Key::new)
            .collect::<PyResult<_>>()?,
    };
    for k in &keys {
        t.discard(k);
    }
    Ok(())
}

/// Remove the keys of `other` found in `t`, add the others, in place
/// (`symmetric_difference_update`, `^=`).
fn toggle_all(t: &mut Table, other: &Table) -> PyResult<()> {
    for k in other.keys() {
        if !t.discard(k) {
            t.add(k.clone())?;
        }
    }
    Ok(())
}

/// `a |= b`, `a &= b`, `a -= b`, `a ^= b` on a set: changes it in place.
/// None when `a` is not a mutable set or `b` not a set.
pub fn inplace(op: BinOp, a: &Set, b: &Value) -> Option<PyResult<()>> {
    if a.frozen {
        return None;
    }
    let other = as_table(b)?;
    let mut t = a.read().clone();
    let done = match op {
        BinOp::BitOr => t.merge(&other),
        BinOp::BitAnd => {
            t = intersection(&t, &other);
            Ok(())
        }
        BinOp::Sub => discard_all(&mut t, b),
        BinOp::BitXor => toggle_all(&mut t, &other),
        _ => return None,
    };
    Some(done.map(|()| *a.write() = t))
}

/// `repr` of a set: `{1, 2}`, `set()`, `frozenset({1})`, `frozenset()`.
pub fn repr_into(out: &mut String, s: &Set, item: impl Fn(&mut String, &Value)) {
    let t = s.read();
    if t.is_empty() {
        out.push_str(if s.frozen { "frozenset()" } else { "set()" });
        return;
    }
    if s.frozen {
        out.push_str("frozenset(");
    }
    out.push('{');
    for (i, k) in t.keys().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        item(out, &k.0);
    }
    out.push('}');
    if s.frozen {
        out.push(')');
    }
}
