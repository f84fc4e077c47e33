//! The HTTP server: our own accept loop over hyper, so that a fault can drop one connection and
//! [`SimServer::stop`] can close the listener *and* every live connection.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

use crate::faults::ConnectionControl;
use crate::state::Shared;
use crate::{http, timers};

/// A running server. Dropping the handle leaves the server running (like a task's `JoinHandle`); call
/// [`SimServer::stop`] to stop it.
#[derive(Debug)]
pub struct SimServer {
    /// `http://<addr>`, without a trailing slash.
    pub base_url: String,
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    accept_task: JoinHandle<()>,
    timer_task: JoinHandle<()>,
    shared: Arc<Shared>,
}

impl SimServer {
    /// Stops accepting, closes every open connection (in-flight requests get no answer, and their idempotency
    /// keys are freed), stops the timers and webhook deliveries, and waits until all of it is done. The data stays
    /// in the [`crate::Simulator`]; serving again resumes.
    pub async fn stop(self) {
        self.shutdown.send_replace(true);
        self.shared.webhooks.set_runtime(None);
        if let Err(e) = self.accept_task.await {
            tracing::warn!("the accept loop ended badly: {e}");
        }
        self.timer_task.abort();
        let _ = self.timer_task.await;
        tracing::info!(addr = %self.addr, "OMS simulator stopped");
    }
}

/// Binds `addr` and serves in the background.
pub async fn serve(shared: Arc<Shared>, addr: SocketAddr) -> std::io::Result<SimServer> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (shutdown, signal) = watch::channel(false);
    let router = http::router(shared.clone());
    let accept_task = tokio::spawn(accept_loop(listener, router, signal.clone()));
    let timer_task = tokio::spawn(timers::run(shared.clone(), signal));
    shared
        .webhooks
        .set_runtime(Some(tokio::runtime::Handle::current()));
    tracing::info!(%addr, "OMS simulator listening");
    Ok(SimServer {
        base_url: format!("http://{addr}"),
        addr,
        shutdown,
        accept_task,
        timer_task,
        shared,
    })
}

async fn accept_loop(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(serve_connection(stream, router.clone()));
                }
                Err(e) => {
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
        }
    }
    drop(listener);
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

/// Serves one connection until the client closes it, a fault aborts it, or the task is aborted.
async fn serve_connection(stream: TcpStream, router: Router) {
    let _ = stream.set_nodelay(true);
    let control = ConnectionControl::default();
    let request_control = control.clone();
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(request_control.clone());
        router.clone().oneshot(request.map(axum::body::Body::new))
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = connection => {
            if let Err(e) = result {
                tracing::debug!("connection ended: {e}");
            }
        }
        // Dropping the connection closes the socket without writing an answer.
        _ = control.aborted() => {}
    }
}
