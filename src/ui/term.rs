//! The terminal, taken and given back: one place for the UI and the demo player.
//!
//! [`take`] puts the terminal in raw mode on the alternate screen; dropping
//! the [`Taken`] it returns gives the terminal back (main screen, cooked
//! mode, cursor shown). The terminal is also given back on the other ways
//! out:
//! - a panic: a hook restores the terminal before the panic message prints,
//!   so the message lands on the learner's screen, readable;
//! - the signals that end a terminal program: SIGHUP (the terminal went
//!   away), SIGINT and SIGQUIT (`kill -INT`; in raw mode the keys Ctrl-C and
//!   Ctrl-\ are plain keys, not signals), SIGTERM. A signal is first offered
//!   to the program ([`caught`], [`signalled`]) so it stops as it does on
//!   quit (history saved, recording finished); if it has not exited within
//!   [`GRACE`], or a second signal comes, the terminal is restored here and
//!   the process exits at once. Either way the exit status is [`exit_code`]:
//!   128 + the signal's number, what a shell reports for a process the
//!   signal killed.

use std::io::{self, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Once, OnceLock};
use std::time::Duration;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use tokio::sync::watch;

/// How long the program has to stop by itself after a signal.
pub const GRACE: Duration = Duration::from_secs(3);

/// The terminal is in raw mode on the alternate screen.
static TAKEN: AtomicBool = AtomicBool::new(false);
/// Bracketed paste was turned on with it.
static PASTE: AtomicBool = AtomicBool::new(false);

/// The terminal, held in raw mode on the alternate screen until dropped.
#[must_use = "the terminal is given back when this is dropped"]
pub struct Taken(());

impl Drop for Taken {
    fn drop(&mut self) {
        restore();
    }
}

/// Take the terminal: raw mode, the alternate screen and (with `paste`, for
/// the interactive UI) bracketed paste, so a pasted block arrives as one
/// event, and mouse reports, so a click reaches the UI (most terminals still
/// select text with Shift held). Installs the panic hook and the signal
/// watcher on first use.
pub fn take(paste: bool) -> io::Result<Taken> {
    install();
    enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    PASTE.store(paste, Ordering::SeqCst);
    let entered = if paste {
        execute!(
            stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            EnableMouseCapture
        )
    } else {
        execute!(stdout(), EnterAlternateScreen)
    };
    match entered {
        Ok(()) => Ok(Taken(())),
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Give the terminal back, if it is taken: cooked mode, the main screen, the
/// cursor. Safe to call more than once and from any thread; errors are
/// ignored (after SIGHUP there may be no terminal left to write to).
pub fn restore() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    // Raw mode first: it has the most side effects if anything below fails.
    let _ = disable_raw_mode();
    if PASTE.load(Ordering::SeqCst) {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    }
    let _ = execute!(stdout(), LeaveAlternateScreen, Show);
}

/// The exit status after signal `sig`.
pub fn exit_code(sig: i32) -> i32 {
    128 + sig
}

/// The signal that asked the program to stop, if one did.
pub fn signalled() -> Option<i32> {
    let sig = *caught_signal().borrow();
    (sig != 0).then_some(sig)
}

/// Resolves with the signal's number when one asks the program to stop
/// (never, if none does). Cheap to create in every turn of a `select!`.
pub async fn caught() -> i32 {
    let mut rx = caught_signal().subscribe();
    let sig = rx.wait_for(|s| *s != 0).await.map(|s| *s);
    match sig {
        Ok(sig) => sig,
        Err(_) => std::future::pending().await,
    }
}

/// The last signal caught; 0 while none has been.
fn caught_signal() -> &'static watch::Sender<i32> {
    static CAUGHT: OnceLock<watch::Sender<i32>> = OnceLock::new();
    CAUGHT.get_or_init(|| watch::channel(0).0)
}

fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            hook(info);
        }));
        #[cfg(unix)]
        watch_signals();
    });
}

/// A thread that waits for the signals and passes them on (see the module doc).
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGINT, SIGQUIT, SIGTERM])
    else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("streamlab-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if caught_signal().send_replace(sig) != 0 {
                    exit_now(sig);
                }
                let _ = std::thread::Builder::new()
                    .name("streamlab-signal-grace".into())
                    .spawn(move || {
                        std::thread::sleep(GRACE);
                        exit_now(sig);
                    });
            }
        });
}

#[cfg(unix)]
fn exit_now(sig: i32) -> ! {
    restore();
    std::process::exit(exit_code(sig))
}
