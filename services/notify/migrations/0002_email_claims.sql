-- E-mail at most once: a batch claims its rows with a token of its own, and each row is marked
-- 'sending' (with the time) right before it is handed to SMTP, only if that claim is still the batch's.
-- Another replica that claims the rows after the lease can then never send one twice, and a row left
-- 'sending' by a sender that died mid-send is reported, not sent again (it may have gone out).
ALTER TABLE email_outbox ADD COLUMN claim uuid, ADD COLUMN sending_since timestamptz;
CREATE INDEX email_sending ON email_outbox (sending_since) WHERE status = 'sending';
