//! Reading the CLI's JSON inputs and writing its state files safely.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::display_path;

/// Reads a JSON document into `T`; errors name the file and the field
/// (`state.json: awl.x@example.com|ip=none.count: invalid type …`).
pub(crate) fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = fs::read_to_string(path)
        .map_err(|error| format!("{}: cannot read: {error}", display_path(path)))?;
    parse_json(&text).map_err(|error| format!("{}: {error}", display_path(path)))
}

/// Parses a JSON document into `T`; the error names the field that is wrong.
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let field = error.path().to_string();
        format!("invalid JSON at `{field}`: {}", error.inner())
    })?;
    deserializer
        .end()
        .map_err(|error| format!("invalid JSON: {error}"))?;
    Ok(value)
}

/// Replaces `path` with `bytes` so that a crash, a full disk or a power cut
/// leaves either the old file or the new one, never a mix or nothing: the
/// bytes go to a temporary file in the same directory (a rename does not
/// cross file systems), are flushed to disk, and the temporary file is
/// renamed over `path`; the directory is then flushed so that the rename
/// itself survives a power cut. On any error the temporary file is removed
/// and `path` is untouched.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = temporary_path(path);
    let result = write_synced(&temporary, bytes).and_then(|()| fs::rename(&temporary, path));
    if let Err(error) = result {
        // Nothing more to do if the removal fails too: report the first error.
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    sync_directory(path);
    Ok(())
}

/// `dir/.name.tmp-PID`: hidden, next to the target, unique per process.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes a directory entry change to disk where the platform allows it
/// (Unix); elsewhere, or if the directory cannot be opened, the rename is
/// still atomic, only its durability after a power cut is not guaranteed.
fn sync_directory(path: &Path) {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if cfg!(unix)
        && let Ok(directory) = File::open(directory)
    {
        let _ = directory.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("spamgauge-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch directory");
        dir
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = scratch("replace");
        let target = dir.join("state.json");
        fs::write(&target, b"old").expect("write");
        write_atomically(&target, b"new").expect("atomic write");
        assert_eq!(fs::read(&target).expect("read"), b"new");
        let names: Vec<_> = fs::read_dir(&dir)
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["state.json"]);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = scratch("fail");
        // The target is a non-empty directory: the rename fails after the
        // temporary file was written, as on a disk that fills up.
        let target = dir.join("state.json");
        fs::create_dir_all(target.join("inside")).expect("mkdir");
        assert!(write_atomically(&target, b"new").is_err());
        assert!(target.join("inside").is_dir());
        let names: Vec<_> = fs::read_dir(&dir)
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["state.json"], "the temporary file was removed");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn json_errors_name_the_field() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Outer {
            #[allow(dead_code)] // Read by serde only.
            inner: Inner,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Inner {
            #[allow(dead_code)] // Read by serde only.
            count: u32,
        }
        let error = parse_json::<Outer>(r#"{"inner": {"count": "x"}}"#).unwrap_err();
        assert!(error.contains("`inner.count`"), "{error}");
        let error = parse_json::<Outer>(r#"{"inner": {"count": 1}} trailing"#).unwrap_err();
        assert!(error.contains("trailing"), "{error}");
        assert!(parse_json::<Outer>(r#"{"inner": {"count": 1}}"#).is_ok());
    }
}
