//! The server's integration tests, one binary: a real server on loopback over a real database
//! (SQLite, and PostgreSQL when `KHIEN_TEST_DATABASE_URL` names one), driven by a real HTTP
//! client, a real SMTP server and, for the pages, a real browser. One binary rather than one per
//! file keeps the link (the whole server with its engines) to a single one.

#![allow(dead_code)]

mod common;

mod browser;
mod compliance;
mod http;
mod inventory;
mod learn;
mod reminders;
mod scamdesk;
mod simulation;
