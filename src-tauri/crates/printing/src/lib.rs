//! Storedesk printing: label and document printers, discovery, checks and typed print errors.
