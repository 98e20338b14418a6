//! A text report like `spamassassin -t`.
