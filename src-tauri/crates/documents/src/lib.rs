//! Storedesk documents: local shipping labels (PDF and ZPL), packing slips and pick lists.
