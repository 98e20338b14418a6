//! SpamAssassin's `X-Spam-Status` header.
