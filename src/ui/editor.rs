//! The REPL's multi-line input: lines of text and a cursor, edited by keys.
//! Pure state, so it is tested without a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone)]
pub struct Editor {
    lines: Vec<String>,
    /// Cursor row and column (in characters).
    row: usize,
    col: usize,
    /// The row [`Editor::newline_with_indent`] indented, and by how many
    /// spaces: a space typed first on it replaces that indentation, so a
    /// body typed with its own indentation (as in Python's REPL) is not
    /// indented twice.
    auto_indent: Option<(usize, usize)>,
}

impl Default for Editor {
    fn default() -> Self {
        Editor {
            lines: vec![String::new()],
            row: 0,
            col: 0,
            auto_indent: None,
        }
    }
}

fn byte_at(s: &str, col: usize) -> usize {
    s.char_indices().nth(col).map(|(i, _)| i).unwrap_or(s.len())
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Editor {
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
    pub fn lines(&self) -> &[String] {
        &self.lines
    }
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }
    pub fn is_empty(&self) -> bool {
        self.lines.len() == 1 && self.lines[0].is_empty()
    }
    pub fn line_count(&self) -> usize {
        self.lines.len()
    }
    pub fn on_first_line(&self) -> bool {
        self.row == 0
    }
    pub fn on_last_line(&self) -> bool {
        self.row + 1 == self.lines.len()
    }
    pub fn current_line_is_blank(&self) -> bool {
        self.lines[self.row].trim().is_empty()
    }
    pub fn clear(&mut self) {
        *self = Editor::default();
    }
    pub fn set_text(&mut self, text: &str) {
        self.lines = text.split('\n').map(str::to_string).collect();
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.row = self.lines.len() - 1;
        self.col = self.lines[self.row].chars().count();
    }

    /// Byte offset of the cursor in [`Editor::text`].
    pub fn cursor_offset(&self) -> usize {
        self.lines[..self.row]
            .iter()
            .map(|l| l.len() + 1)
            .sum::<usize>()
            + byte_at(&self.lines[self.row], self.col)
    }

    /// Insert text at the cursor (a paste): a line at a time, so a pasted
    /// block costs its length, not its length squared.
    pub fn insert_str(&mut self, s: &str) {
        // Terminals send a pasted line break as \r, \r\n or \n.
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        let line = &mut self.lines[self.row];
        let at = byte_at(line, self.col);
        let tail = line.split_off(at);
        let mut parts = s.split('\n');
        line.push_str(parts.next().unwrap_or(""));
        let mut new_lines: Vec<String> = parts.map(str::to_string).collect();
        let last = match new_lines.last_mut() {
            Some(l) => l,
            None => &mut self.lines[self.row],
        };
        self.col = last.chars().count();
        last.push_str(&tail);
        self.row += new_lines.len();
        let after = self.row + 1 - new_lines.len();
        self.lines.splice(after..after, new_lines.drain(..));
    }

    pub fn insert(&mut self, c: char) {
        if let Some((row, n)) = self.auto_indent.take() {
            let line = &mut self.lines[self.row];
            let untouched = row == self.row
                && self.col == n
                && line.len() == n
                && line.bytes().all(|b| b == b' ');
            if c == ' ' && untouched {
                line.clear();
                self.col = 0;
            }
        }
        let line = &mut self.lines[self.row];
        let at = byte_at(line, self.col);
        line.insert(at, c);
        self.col += 1;
    }

    fn newline(&mut self) {
        let line = &mut self.lines[self.row];
        let at = byte_at(line, self.col);
        let rest = line.split_off(at);
        self.lines.insert(self.row + 1, rest);
        self.row += 1;
        self.col = 0;
    }

    /// Enter inside an unfinished entry: a new line indented like the last,
    /// four more after a `:` (a `def` or `if` header).
    pub fn newline_with_indent(&mut self) {
        let current = self.lines[self.row].clone();
        let indent: String = current.chars().take_while(|c| *c == ' ').collect();
        let extra = if current.trim_end().ends_with(':') {
            "    "
        } else {
            ""
        };
        self.newline();
        let auto = format!("{indent}{extra}");
        self.insert_str(&auto);
        self.auto_indent = (!auto.is_empty()).then_some((self.row, auto.len()));
    }

    /// Replace the word from byte offset `start` (in the text) up to the cursor.
    pub fn replace_word(&mut self, start: usize, with: &str) {
        let text = self.text();
        let end = self.cursor_offset();
        if start > end || !text.is_char_boundary(start) {
            return;
        }
        let new = format!("{}{}{}", &text[..start], with, &text[end..]);
        let cursor = start + with.len();
        self.lines = new.split('\n').map(str::to_string).collect();
        // Put the cursor after the inserted word.
        let mut rest = cursor;
        for (r, l) in self.lines.iter().enumerate() {
            if rest <= l.len() {
                self.row = r;
                self.col = l[..rest].chars().count();
                return;
            }
            rest -= l.len() + 1;
        }
    }

    pub fn line_start(&mut self) {
        self.col = 0;
    }

    pub fn line_end(&mut self) {
        self.col = self.lines[self.row].chars().count();
    }

    pub fn kill_to_end(&mut self) {
        let at = byte_at(&self.lines[self.row], self.col);
        self.lines[self.row].truncate(at);
    }

    pub fn kill_to_start(&mut self) {
        let at = byte_at(&self.lines[self.row], self.col);
        self.lines[self.row].replace_range(..at, "");
        self.col = 0;
    }

    /// The column where the word before the cursor starts (spaces before
    /// it skipped), as readline's Ctrl-W and Alt-B see words.
    fn word_start(&self) -> usize {
        let chars: Vec<char> = self.lines[self.row].chars().collect();
        let mut c = self.col;
        while c > 0 && !is_word(chars[c - 1]) {
            c -= 1;
        }
        while c > 0 && is_word(chars[c - 1]) {
            c -= 1;
        }
        c
    }

    /// Delete the word before the cursor.
    pub fn kill_word(&mut self) {
        let start = self.word_start();
        let line = &mut self.lines[self.row];
        let (a, b) = (byte_at(line, start), byte_at(line, self.col));
        line.replace_range(a..b, "");
        self.col = start;
    }

    pub fn word_left(&mut self) {
        self.col = self.word_start();
    }

    pub fn word_right(&mut self) {
        let chars: Vec<char> = self.lines[self.row].chars().collect();
        let mut c = self.col;
        while c < chars.len() && !is_word(chars[c]) {
            c += 1;
        }
        while c < chars.len() && is_word(chars[c]) {
            c += 1;
        }
        self.col = c;
    }

    /// Editing and movement keys.
    pub fn key(&mut self, k: KeyEvent) {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.lines[self.row].chars().count();
        match k.code {
            KeyCode::Char('a') if ctrl => self.col = 0,
            KeyCode::Char('e') if ctrl => self.col = len,
            KeyCode::Char('u') if ctrl => {
                let at = byte_at(&self.lines[self.row], self.col);
                self.lines[self.row].replace_range(..at, "");
                self.col = 0;
            }
            KeyCode::Char('k') if ctrl => {
                let at = byte_at(&self.lines[self.row], self.col);
                self.lines[self.row].truncate(at);
            }
            KeyCode::Char(c) if !ctrl => self.insert(c),
            KeyCode::Backspace => {
                if self.col > 0 {
                    let line = &mut self.lines[self.row];
                    let at = byte_at(line, self.col - 1);
                    line.remove(at);
                    self.col -= 1;
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = self.lines[self.row].chars().count();
                    self.lines[self.row].push_str(&line);
                }
            }
            KeyCode::Delete => {
                if self.col < len {
                    let line = &mut self.lines[self.row];
                    let at = byte_at(line, self.col);
                    line.remove(at);
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    self.lines[self.row].push_str(&next);
                }
            }
            KeyCode::Left => {
                if self.col > 0 {
                    self.col -= 1;
                } else if self.row > 0 {
                    self.row -= 1;
                    self.col = self.lines[self.row].chars().count();
                }
            }
            KeyCode::Right => {
                if self.col < len {
                    self.col += 1;
                } else if self.row + 1 < self.lines.len() {
                    self.row += 1;
                    self.col = 0;
                }
            }
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(self.lines[self.row].chars().count());
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(self.lines[self.row].chars().count());
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = len,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    /// Issue 13: a pasted block goes in a line at a time; a big one is quick
    /// (a character at a time it took minutes), and lands as typed.
    #[test]
    fn issue_13_pasting_a_big_block_is_not_quadratic() {
        let mut e = super::Editor::default();
        e.insert_str("head  tail");
        e.col = 5;
        let block = format!(
            "{}\r\n{}\nend",
            "x".repeat(400_000),
            "y = 1\n".repeat(20_000)
        );
        let started = std::time::Instant::now();
        e.insert_str(&block);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(e.text(), format!("head {} tail", block.replace('\r', "")));
        assert_eq!(e.cursor(), (20_002, 3));
        e.insert('!');
        assert_eq!(e.lines().last().map(String::as_str), Some("end! tail"));
    }

    use super::*;
    use crossterm::event::KeyEvent;

    fn k(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_editing_and_indent() {
        let mut e = Editor::default();
        e.insert_str("def f(x):");
        e.newline_with_indent();
        e.insert_str("return x");
        assert_eq!(e.text(), "def f(x):\n    return x");
        e.key(k(KeyCode::Backspace));
        e.key(k(KeyCode::Home));
        e.key(k(KeyCode::Delete));
        assert_eq!(e.lines()[1], "   return ");
        e.key(k(KeyCode::Up));
        assert_eq!(e.cursor(), (0, 0));
        e.set_text("lines.flatM");
        e.replace_word(6, "flatMap");
        assert_eq!(e.text(), "lines.flatMap");
        assert_eq!(e.cursor_offset(), 13);
    }

    /// Issue 17: a body typed with its own indentation, as Python's REPL
    /// wants it, is not indented twice (a second body line was an
    /// "unexpected indent"); one typed without gets the automatic one.
    #[test]
    fn issue_17_typed_indentation_replaces_the_automatic_one() {
        let mut e = Editor::default();
        for c in "def f(s):".chars() {
            e.insert(c);
        }
        for line in ["    y = s + 1", "    if y:", "        return y"] {
            e.newline_with_indent();
            for c in line.chars() {
                e.insert(c);
            }
        }
        e.newline_with_indent();
        for c in "return 0".chars() {
            e.insert(c);
        }
        assert_eq!(
            e.text(),
            "def f(s):\n    y = s + 1\n    if y:\n        return y\n        return 0"
        );
        // Backspace first: the indentation left is the learner's.
        e.newline_with_indent();
        e.key(k(KeyCode::Backspace));
        e.insert(' ');
        assert_eq!(e.lines().last().map(String::as_str), Some("        "));
    }

    /// Issue 17: readline's keys, and a paste whose lines end in \r.
    #[test]
    fn issue_17_readline_words_and_pasted_carriage_returns() {
        let mut e = Editor::default();
        e.insert_str("pairs.reduceByKey(lambda a, b: a + b)");
        e.word_left();
        e.word_left();
        assert_eq!(e.cursor(), (0, 31));
        e.kill_word();
        assert_eq!(e.text(), "pairs.reduceByKey(lambda a, a + b)");
        assert_eq!(e.cursor(), (0, 28));
        e.line_start();
        e.word_right();
        assert_eq!(e.cursor(), (0, 5));
        e.kill_to_end();
        assert_eq!(e.text(), "pairs");
        e.kill_to_start();
        assert!(e.is_empty());
        e.insert_str("def f(x):\r    return x\r\r");
        assert_eq!(e.text(), "def f(x):\n    return x\n\n");
    }

    #[test]
    fn unicode_is_edited_by_character() {
        let mut e = Editor::default();
        e.insert_str("café");
        e.key(k(KeyCode::Left));
        e.key(k(KeyCode::Backspace));
        assert_eq!(e.text(), "caé");
    }
}
