//! Issue 15: the Python statements of the subset (loops, `try`, `raise`,
//! `assert`, `del`, `global`, augmented/chained/annotated assignment), run
//! end to end with `streamlab run`: each test checks what the program prints
//! (as CPython prints it) or the located error it fails with.

use std::path::Path;

use assert_cmd::Command;

/// Run a program file with `streamlab run` in a fresh directory: (exit code, stdout, stderr).
fn run_file(body: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("prog.py");
    std::fs::write(&p, body).expect("write program");
    run_path(dir.path(), &p, extra)
}

fn run_path(dir: &Path, p: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .current_dir(dir)
        .arg("run")
        .arg(p)
        .args(extra)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A program that must succeed; its standard output.
fn output(body: &str) -> String {
    let (code, out, err) = run_file(body, &[]);
    assert_eq!(code, 0, "{body}\nstdout:\n{out}\nstderr:\n{err}");
    out
}

/// `line:col` of the first `--> prog.py:L:C` in a diagnostic.
fn location(err: &str) -> (usize, usize) {
    let at = err.find("prog.py:").expect("a location") + "prog.py:".len();
    let mut parts = err[at..].split(|c: char| !c.is_ascii_digit());
    let line = parts.next().and_then(|s| s.parse().ok()).expect("line");
    let col = parts.next().and_then(|s| s.parse().ok()).expect("col");
    (line, col)
}

#[test]
fn issue_15_for_loop_sum_with_break_and_else() {
    let out = output(
        "total = 0\n\
         for i in range(100):\n\
         \x20   if i == 5:\n\
         \x20       break\n\
         \x20   total += i\n\
         else:\n\
         \x20   print('no break')\n\
         print(total)\n\
         for k, v in [('a', 1), ('b', 2)]:\n\
         \x20   print(k, v)\n\
         else:\n\
         \x20   print('all pairs')\n",
    );
    assert_eq!(out, "10\na 1\nb 2\nall pairs\n");
}

#[test]
fn issue_15_while_with_continue_and_else() {
    let out = output(
        "n = 0\n\
         while n < 5:\n\
         \x20   n += 1\n\
         \x20   if n % 2 == 0:\n\
         \x20       continue\n\
         \x20   print(n)\n\
         else:\n\
         \x20   print('end', n)\n",
    );
    assert_eq!(out, "1\n3\n5\nend 5\n");
}

#[test]
fn issue_15_the_queue_stream_example_runs_as_written() {
    // Spark's examples/src/main/python/streaming/queue_stream.py, as written.
    let src = r#"import time

from pyspark import SparkContext
from pyspark.streaming import StreamingContext

if __name__ == "__main__":

    sc = SparkContext(appName="PythonStreamingQueueStream")
    ssc = StreamingContext(sc, 1)

    # Create the queue through which RDDs can be pushed to
    # a QueueInputDStream
    rddQueue = []
    for i in range(5):
        rddQueue += [ssc.sparkContext.parallelize([j for j in range(1, 1001)], 10)]

    # Create the QueueInputDStream and use it do some processing
    inputStream = ssc.queueStream(rddQueue)
    mappedStream = inputStream.map(lambda x: (x % 10, 1))
    reducedStream = mappedStream.reduceByKey(lambda a, b: a + b)
    reducedStream.pprint()

    ssc.start()
    time.sleep(6)
    ssc.stop(stopSparkContext=True, stopGraceFully=True)
"#;
    let (code, out, err) = run_file(src, &["--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let batches: Vec<&str> = out.lines().filter(|l| l.contains("\"records\"")).collect();
    assert!(batches.len() >= 5, "{out}");
    for b in &batches[..5] {
        for key in 0..10 {
            assert!(b.contains(&format!("\"({key}, 100)\"")), "{b}");
        }
    }
}

#[test]
fn issue_15_try_except_in_a_def_used_by_map() {
    let (code, out, err) = run_file(
        "from pyspark import SparkContext\n\
         from pyspark.streaming import StreamingContext\n\
         sc = SparkContext('local[2]', 'T')\n\
         ssc = StreamingContext(sc, 1)\n\
         def to_int(s):\n\
         \x20   try:\n\
         \x20       return int(s)\n\
         \x20   except ValueError as e:\n\
         \x20       return str(e)\n\
         ssc.queueStream([['1', 'x', '3']]).map(to_int).pprint()\n\
         ssc.start()\n\
         ssc.awaitTermination()\n",
        &["--batches", "1", "--format", "jsonl"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(r#""records": ["1", "\"invalid literal for int() with base 10: 'x'\"", "3"]"#),
        "{out}"
    );
}

#[test]
fn issue_15_nested_try_finally_runs_in_order() {
    let out = output(
        "def f():\n\
         \x20   try:\n\
         \x20       try:\n\
         \x20           print('body')\n\
         \x20           return 'returned'\n\
         \x20       finally:\n\
         \x20           print('inner finally')\n\
         \x20   finally:\n\
         \x20       print('outer finally')\n\
         print(f())\n\
         try:\n\
         \x20   try:\n\
         \x20       1 / 0\n\
         \x20   finally:\n\
         \x20       print('cleanup')\n\
         except ZeroDivisionError as e:\n\
         \x20   print('caught', e)\n\
         else:\n\
         \x20   print('not reached')\n\
         try:\n\
         \x20   x = 1\n\
         except Exception:\n\
         \x20   print('not reached')\n\
         else:\n\
         \x20   print('else', x)\n\
         finally:\n\
         \x20   print('finally')\n",
    );
    assert_eq!(
        out,
        "body\ninner finally\nouter finally\nreturned\ncleanup\ncaught division by zero\nelse 1\nfinally\n"
    );
}

#[test]
fn issue_15_raise_and_reraise() {
    let out = output(
        "e1 = ValueError('bad', 3)\n\
         print(repr(e1), str(e1), e1.args)\n\
         try:\n\
         \x20   try:\n\
         \x20       raise KeyError('k')\n\
         \x20   except LookupError:\n\
         \x20       print('re-raising')\n\
         \x20       raise\n\
         except KeyError as e:\n\
         \x20   print('outer', repr(e), e)\n\
         try:\n\
         \x20   raise RuntimeError from None\n\
         except (TypeError, RuntimeError) as e:\n\
         \x20   print('tuple', repr(e))\n\
         try:\n\
         \x20   {}['missing']\n\
         except KeyError as e:\n\
         \x20   print('key', e)\n",
    );
    assert_eq!(
        out,
        "ValueError('bad', 3) ('bad', 3) ('bad', 3)\nre-raising\nouter KeyError('k') 'k'\ntuple RuntimeError()\nkey 'missing'\n"
    );
    // Uncaught, it fails the program at the `raise`, as Python prints it.
    let (code, _, err) = run_file("x = 1\nraise ValueError('boom: ' + str(x))\n", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("ValueError: boom: 1"), "{err}");
    assert_eq!(location(&err), (2, 1), "{err}");
    let (code, _, err) = run_file("raise\n", &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("RuntimeError: No active exception to reraise"),
        "{err}"
    );
    let (_, _, err) = run_file("raise 3\n", &[]);
    assert!(
        err.contains("TypeError: exceptions must derive from BaseException"),
        "{err}"
    );
}

#[test]
fn issue_15_assert_failing_with_its_message() {
    let (code, _, err) = run_file("n = 3\nassert n > 0\nassert n > 5, 'n is ' + str(n)\n", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("AssertionError: n is 3"), "{err}");
    assert_eq!(location(&err), (3, 1), "{err}");
    assert_eq!(
        output("try:\n    assert False\nexcept AssertionError as e:\n    print(repr(e))\n"),
        "AssertionError()\n"
    );
}

#[test]
fn issue_15_chained_annotated_and_augmented_assignment() {
    let out = output(
        "from typing import Optional\n\
         a = b = [1]\n\
         print(a, b, a is b)\n\
         c = [1]\n\
         x: int = 5\n\
         y: Optional[int] = None\n\
         z: Optional[str]\n\
         x **= 2; x //= 3; x -= 1; x %= 5; x *= 10; x /= 4\n\
         s = 'ab'\n\
         s += 'c'\n\
         c += (2, 3)\n\
         print(c, x, y, s)\n\
         try:\n\
         \x20   x += 'a'\n\
         except TypeError as e:\n\
         \x20   print(e)\n",
    );
    assert_eq!(
        out,
        "[1] [1] True\n[1, 2, 3] 5.0 None abc\nunsupported operand type(s) for +=: 'float' and 'str'\n"
    );
}

#[test]
fn issue_15_global_del_and_item_assignment() {
    let out = output(
        "count = 0\n\
         def bump(by=1):\n\
         \x20   global count\n\
         \x20   count += by\n\
         bump(); bump(5)\n\
         print(count)\n\
         del count\n\
         try:\n\
         \x20   print(count)\n\
         except NameError as e:\n\
         \x20   print('gone')\n\
         d = {'a': 1}\n\
         e = d\n\
         d['a'] += 1\n\
         d['b'] = [0]\n\
         d['b'][0] += 2\n\
         del d['a']\n\
         print(e)\n",
    );
    // Dicts and lists are shared and mutable: `e` sees every change to `d`.
    assert_eq!(out, "6\ngone\n{'b': [2]}\n");
}

#[test]
fn issue_15_except_exception_does_not_catch_sys_exit() {
    let (code, out, _) = run_file(
        "import sys\ntry:\n    sys.exit(3)\nexcept Exception:\n    print('wrong')\n",
        &[],
    );
    assert_eq!((code, out.as_str()), (3, ""));
    let (code, out, _) = run_file(
        "try:\n    raise SystemExit(4)\nexcept BaseException as e:\n    print('caught', e)\n    raise\n",
        &[],
    );
    assert_eq!((code, out.as_str()), (4, "caught 4\n"));
}

#[test]
fn issue_15_recursion_and_memory_errors_are_catchable() {
    let out = output(
        "def f(n):\n\
         \x20   return f(n + 1)\n\
         try:\n\
         \x20   f(0)\n\
         except RecursionError as e:\n\
         \x20   print('recursion:', e)\n\
         try:\n\
         \x20   big = [0] * 10**10\n\
         except MemoryError:\n\
         \x20   print('memory')\n\
         print('still running')\n",
    );
    assert_eq!(
        out,
        "recursion: maximum recursion depth exceeded\nmemory\nstill running\n"
    );
}

#[test]
fn issue_15_break_outside_loop_is_a_located_syntax_error() {
    let (code, out, err) = run_file("print('before')\nif True:\n    break\n", &[]);
    assert_eq!(code, 1);
    assert_eq!(out, "", "nothing runs before a syntax error");
    assert!(err.contains("SyntaxError: 'break' outside loop"), "{err}");
    assert_eq!(location(&err), (3, 5), "{err}");
    let (_, _, err) = run_file("for i in range(3):\n    def f():\n        continue\n", &[]);
    assert!(
        err.contains("SyntaxError: 'continue' not properly in loop"),
        "{err}"
    );
    assert_eq!(location(&err), (3, 9), "{err}");
    let (_, _, err) = run_file(
        "def f():\n    x = 1\n    def g():\n        nonlocal y\n",
        &[],
    );
    assert!(
        err.contains("SyntaxError: no binding for nonlocal 'y' found"),
        "{err}"
    );
    assert_eq!(location(&err), (4, 18), "{err}");
}

#[test]
fn issue_15_a_program_with_the_new_statements_exports_and_runs_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = "from pyspark import SparkContext\n\
               from pyspark.streaming import StreamingContext\n\
               sc = SparkContext('local[2]', 'T')\n\
               ssc = StreamingContext(sc, 1)\n\
               queue = []\n\
               for i in range(3):\n\
               \x20   queue += [sc.parallelize(['1', 'x', str(i)])]\n\
               def parse(s):\n\
               \x20   try:\n\
               \x20       return (int(s), 1)\n\
               \x20   except ValueError:\n\
               \x20       return (-1, 1)\n\
               counts = ssc.queueStream(queue).map(parse).reduceByKey(lambda a, b: a + b)\n\
               counts.pprint()\n\
               ssc.start()\n\
               ssc.awaitTermination()\n";
    let prog = dir.path().join("prog.py");
    std::fs::write(&prog, src).expect("write");
    let exported = dir.path().join("exported.py");
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .arg("export")
        .arg(&prog)
        .arg("-o")
        .arg(&exported)
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&exported).expect("exported");
    assert!(text.contains("    except ValueError:\n"), "{text}");
    let args = ["--batches", "3", "--format", "jsonl"];
    let (code_a, a, err_a) = run_path(dir.path(), &prog, &args);
    let (code_b, b, err_b) = run_path(dir.path(), &exported, &args);
    assert_eq!((code_a, code_b), (0, 0), "{err_a}\n{err_b}");
    assert!(a.contains("(-1, 1)"), "{a}");
    assert_eq!(a, b);
}

#[test]
fn issue_15_the_repl_waits_for_the_body_of_for_while_and_try() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = Command::cargo_bin("streamlab")
        .expect("binary")
        .env("STREAMLAB_HOME", home.path())
        .args(["repl", "--no-history"])
        .write_stdin(
            "total = 0\n\
             for i in range(4):\n\
             \x20   total += i\n\
             \n\
             n = 0\n\
             while n < 3:\n\
             \x20   n += 1\n\
             \n\
             try:\n\
             \x20   int('x')\n\
             except ValueError as e:\n\
             \x20   print('caught', e)\n\
             \n\
             (total, n)\n",
        )
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("caught invalid literal for int() with base 10: 'x'"),
        "{stdout}\n{stderr}"
    );
    assert!(stdout.contains("(6, 3)"), "{stdout}\n{stderr}");
}
