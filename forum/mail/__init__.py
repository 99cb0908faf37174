"""Mail: messages stored first, sent by jobs (SMTP, or .eml files in the outbox folder), once each.

What other capabilities use:

- ``draft(key, user, template, subject, **context)`` renders a mail in the member's
  language and ``queue([drafts])`` stores and sends it (a key already stored: no-op);
- ``reply_address(user_id, thread_id)`` and ``read_reply_token(token)`` for reply by email;
- ``site_url(endpoint, **values)`` for links in mails.
"""

from forum.mail.compose import draft, site_url
from forum.mail.delivery import queue
from forum.mail.tokens import read_reply_token, reply_address

__all__ = ["draft", "queue", "read_reply_token", "reply_address", "site_url"]
