//! Issue 15: the Python and PySpark surface of programs as Spark's examples
//! and tutorials write them, run end to end with `streamlab run`: `sys`
//! (argv, exit), `__name__`, `print` in order with the batches' output,
//! SparkContext defaults, `time.sleep` after `ssc.start()`, SparkConf,
//! accumulators and broadcasts, RDD actions, mutable lists and dicts.
//! Expected outputs are what CPython / PySpark 3.5.9 print for the same
//! programs (checked by hand when the tests were written; the records of
//! `90_programs_python_statements` are a recorded conformance case).

use assert_cmd::Command;

/// Run `body` as prog.py with `args`: (exit code, stdout, stderr).
fn run(body: &str, args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("prog.py");
    std::fs::write(&p, body).expect("write program");
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .current_dir(dir.path())
        .arg("run")
        .arg(&p)
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const ORDERING: &str = r#"import sys
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

def show(time, rdd):
    print("batch", len(rdd.collect()), "records", end="; ")
    print("first:", rdd.first() if not rdd.isEmpty() else None, sep="")

if __name__ == "__main__":
    print("args:", sys.argv[1:], file=sys.stdout)
    sc = SparkContext(appName="Ordering")
    print(sc)
    ssc = StreamingContext(sc, 1)
    words = ssc.queueStream([["a", "b"], ["c"]])
    words.pprint()
    words.foreachRDD(show)
    ssc.start()
    ssc.awaitTermination()
    print("done")
"#;

#[test]
fn issue_15_argv_main_guard_and_prints_in_order_with_batches() {
    let (code, out, err) = run(ORDERING, &["x", "7", "--batches", "3", "--start-ms", "0"]);
    assert_eq!(code, 0, "{err}");
    let block = |t: &str, recs: &str| {
        format!("-------------------------------------------\nTime: 1970-01-01 00:00:0{t}\n-------------------------------------------\n{recs}\n")
    };
    let want = format!(
        "args: ['x', '7']\n<SparkContext master=local[*] appName=Ordering>\n{}batch 2 records; first:a\n{}batch 1 records; first:c\n{}batch 0 records; first:None\ndone\n",
        block("1", "a\nb\n"),
        block("2", "c\n"),
        block("3", ""),
    );
    assert_eq!(out, want);
}

#[test]
fn issue_15_sys_exit_status_and_message_as_python() {
    let usage = "import sys\nif __name__ == '__main__':\n    if len(sys.argv) != 3:\n        print('Usage: prog.py <hostname> <port>', file=sys.stderr)\n        sys.exit(-1)\n    print('ok', sys.argv[2])\n";
    let (code, out, err) = run(usage, &[]);
    assert_eq!((code, out.as_str()), (255, ""));
    assert_eq!(err, "Usage: prog.py <hostname> <port>\n");
    let (code, out, _) = run(usage, &["localhost", "9999"]);
    assert_eq!((code, out.as_str()), (0, "ok 9999\n"));
    let (code, _, err) = run("import sys\nsys.exit('no input given')\n", &[]);
    assert_eq!((code, err.as_str()), (1, "no input given\n"));
    let (code, _, _) = run("import sys\nsys.exit()\nprint('not reached')\n", &[]);
    assert_eq!(code, 0);
}

const QUEUE: &str = r#"import time
from pyspark import SparkContext, SparkConf
from pyspark.streaming import StreamingContext

conf = SparkConf().setAppName("Queue").setIfMissing("spark.master", "local[2]")
sc = SparkContext(conf=conf)
ssc = StreamingContext(sc, 1)
seen = sc.accumulator(0)
stop_words = sc.broadcast(["the", "a"])
queue = []
for i in range(3):
    queue += [sc.parallelize(["the cat", "a dog", "cat %d" % i])]

def count(rdd):
    global seen
    seen += rdd.count()

words = ssc.queueStream(queue).flatMap(lambda l: l.split()).filter(lambda w: w not in stop_words.value)
words.foreachRDD(count)
pairs = words.map(lambda w: (w, 1))
pairs.reduceByKey(lambda a, b: a + b).foreachRDD(lambda rdd: print(sorted(rdd.collect()), rdd.top(1), rdd.takeOrdered(1, key=lambda kv: -kv[1]), rdd.collectAsMap() == dict(rdd.collect()), rdd.countByKey().get("cat")))
ssc.start()
time.sleep(5)
ssc.stop(stopSparkContext=True, stopGraceFully=True)
print("records seen:", seen.value)
"#;

#[test]
fn issue_15_sleep_after_start_runs_those_batches_with_accumulators_and_broadcasts() {
    let (code, out, err) = run(QUEUE, &[]);
    assert_eq!(code, 0, "{err}");
    // time.sleep(5) on one-second batches: five batches, three with data.
    let want = "[('0', 1), ('cat', 2), ('dog', 1)] [('dog', 1)] [('cat', 2)] True 1\n\
                [('1', 1), ('cat', 2), ('dog', 1)] [('dog', 1)] [('cat', 2)] True 1\n\
                [('2', 1), ('cat', 2), ('dog', 1)] [('dog', 1)] [('cat', 2)] True 1\n\
                [] [] [] True None\n\
                [] [] [] True None\n\
                records seen: 12\n";
    assert_eq!(out, want);
}

#[test]
fn issue_15_stop_before_any_batch_runs_none() {
    let prog = "from pyspark import SparkContext\nfrom pyspark.streaming import StreamingContext\nsc = SparkContext()\nssc = StreamingContext(sc, 1)\nssc.queueStream([[1]]).pprint()\nssc.start()\nssc.stop()\nprint(sc)\n";
    let (code, out, err) = run(prog, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "<SparkContext master=local[*] appName=pyspark-shell>\n"
    );
}

#[test]
fn issue_15_lists_and_dicts_are_shared_and_mutable() {
    let prog = "a = []\nb = a\na.append(1)\na.extend([2, 3])\na.insert(0, 0)\nprint(a, b, a is b, a.pop(), a)\nd = {}\nd.setdefault('x', []).append(5)\nd.update(y=2)\nprint(d, d.pop('y'), d.get('z', 9), sorted([3, 1, 2]))\nc = [3, 1, 2]\nc.sort(reverse=True)\na.append(a)\nprint(c, a, len(a))\ne = {'k': 1}\nprint(e.copy() == e, e.popitem(), e)\na.remove(1)\nprint(a)\nx = y = [1]\ny += [2]\nprint(x)\n";
    let (code, out, err) = run(prog, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "[0, 1, 2] [0, 1, 2] True 3 [0, 1, 2]\n{'x': [5]} 2 9 [1, 2, 3]\n[3, 2, 1] [0, 1, 2, [...]] 4\nTrue ('k', 1) {}\n[0, 2, [...]]\n[1, 2]\n"
    );
}

#[test]
fn issue_15_stdlib_modules_and_outside_names() {
    let prog = "import os\nimport os.path\nimport time\nfrom __future__ import print_function\nprint(os.path.join('a', 'b', 'c.txt'), os.path.splitext('x/y.tar.gz'), os.path.basename('/p/q'), os.path.dirname('/p/q'))\nt = time.time()\nprint(t > 1.7e9, os.getenv('STREAMLAB_NOT_SET', 'dflt'))\n";
    let (code, out, err) = run(prog, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "a/b/c.txt ('x/y.tar', '.gz') q /p\nTrue dflt\n");
    let (code, _, err) = run("import sys\nprint(sys.argvv)\n", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("module 'sys' has no attribute 'argvv' in streamlab's Python")
            && err.contains("Did you mean: 'argv'?")
            && err.contains("prog.py:2:"),
        "{err}"
    );
    let (code, _, err) = run("import socket\n", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("No module named 'socket' in streamlab's Python subset")
            && err.contains("prog.py:1:"),
        "{err}"
    );
}

#[test]
fn issue_15_python_builtins_and_sets_outside_the_subset_are_named() {
    let (code, _, err) = run("def f(x):\n    return vars(x)\n", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("'vars' is a Python builtin that streamlab's Python subset does not have yet")
            && err.contains("prog.py:2:12"),
        "{err}"
    );
    // Sets are in the subset now: a set display mixed with a dict item is
    // a syntax error that names what was expected.
    let (code, _, err) = run("seen = {1, 2: 3}\n", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("expected '}' or ',', found ':'") && err.contains("prog.py:1:13"),
        "{err}"
    );
    // A dict missing a value is still a dict's error.
    let (_, _, err) = run("d = {1: 2, 3}\n", &[]);
    assert!(
        err.contains("expected ':' between a key and its value"),
        "{err}"
    );
}
