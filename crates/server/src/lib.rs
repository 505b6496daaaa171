//! anzhi-server: the HTTP API, authentication and sessions, documents,
//! OpenAPI, and the embedded web app.

pub mod api;
pub mod error;
pub mod extract;
pub mod fields;
pub mod files;
pub mod reminders;
pub mod web;
pub mod xlsx;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anzhi_domain::password::PasswordPolicy;
use anzhi_store::Store;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use tokio::net::TcpListener;
use tokio::sync::RwLock;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::ApiError;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Largest JSON body accepted (uploads have their own limits).
pub const MAX_JSON_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// Demo mode: banner on every page; admins need no second factor.
    pub demo: bool,
    /// Always mark cookies `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// Take the client address and scheme from `X-Forwarded-For`/`-Proto`.
    pub trust_proxy: bool,
    /// Run the reminder job this often (None: not in this process).
    pub reminder_interval: Option<Duration>,
    /// E-mail and webhook delivery.
    pub notifier: reminders::Notifier,
    /// Uploaded files (in memory unless configured).
    pub files: files::FileStorage,
    /// How long a computed cockpit (领导驾驶舱) is served again to the same view (None:
    /// computed on every request). The page shows when its figures were computed.
    pub cockpit_cache: Option<Duration>,
}

/// A cockpit as computed for one view (its scope, district and campaign).
type CockpitCache = HashMap<String, (Instant, Arc<anzhi_store::cockpit::Cockpit>)>;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ServerConfig>,
    policy: Arc<RwLock<Option<(Instant, PasswordPolicy)>>>,
    cockpits: Arc<RwLock<CockpitCache>>,
}

impl AppState {
    pub fn new(store: Store, config: ServerConfig) -> AppState {
        AppState {
            store,
            config: Arc::new(config),
            policy: Arc::new(RwLock::new(None)),
            cockpits: Arc::new(RwLock::new(HashMap::new())),
        }
    }

    /// The cockpit of a view, computed at most once per `cockpit_cache` period: a wall
    /// screen and a room of leaders share one computation. Keyed by the caller's scope
    /// and the query, so no view ever sees another's figures.
    pub async fn cockpit(
        &self,
        scope: anzhi_domain::Scope,
        district_id: Option<uuid::Uuid>,
        campaign_id: Option<uuid::Uuid>,
    ) -> Result<Arc<anzhi_store::cockpit::Cockpit>, ApiError> {
        let Some(ttl) = self.config.cockpit_cache else {
            return Ok(Arc::new(
                self.store.cockpit(scope, district_id, campaign_id).await?,
            ));
        };
        let key = format!("{scope:?}|{district_id:?}|{campaign_id:?}");
        if let Some((at, c)) = self.cockpits.read().await.get(&key)
            && at.elapsed() < ttl
        {
            return Ok(c.clone());
        }
        let c = Arc::new(self.store.cockpit(scope, district_id, campaign_id).await?);
        let mut cache = self.cockpits.write().await;
        cache.retain(|_, (at, _)| at.elapsed() < ttl);
        cache.insert(key, (Instant::now(), c.clone()));
        Ok(c)
    }

    /// The security policy, cached for a few seconds (it is shared through the
    /// database, so other processes see a change within that time).
    pub async fn policy(&self) -> Result<PasswordPolicy, ApiError> {
        if let Some((at, p)) = self.policy.read().await.as_ref()
            && at.elapsed() < Duration::from_secs(5)
        {
            return Ok(p.clone());
        }
        let p = self.store.policy().await?;
        *self.policy.write().await = Some((Instant::now(), p.clone()));
        Ok(p)
    }

    pub async fn forget_policy(&self) {
        *self.policy.write().await = None;
    }

    /// Admins need a second factor unless demo mode or the policy says otherwise.
    pub async fn totp_required_for(&self, role: anzhi_domain::Role) -> Result<bool, ApiError> {
        Ok(role.is_admin() && !self.config.demo && self.policy().await?.require_totp_for_admins)
    }
}

/// The whole application: API, docs, and the web app.
pub fn app(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi_json = Arc::new(openapi.clone());
    let docs = utoipa_swagger_ui::SwaggerUi::new("/api/docs")
        .url("/api/openapi.json", (*openapi_json).clone());
    Router::new()
        .merge(api_router)
        .merge(docs)
        .fallback(web::serve)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .with_state(state)
}

/// The OpenAPI document (for `anzhi openapi` and tests).
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().split_for_parts().1
}

/// Serves on `listener` until `shutdown` resolves. Tests bind port 0.
pub async fn launch(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let file_storage = state.config.files.clone();
    // Idle sessions are removed in the background (they are also refused on use),
    // idempotency keys after a week, and uploads never attached to anything within a day.
    let purge = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            let idle = match store.policy().await {
                Ok(p) => chrono::Duration::minutes(p.idle_timeout_minutes.into()),
                Err(_) => chrono::Duration::minutes(30),
            };
            if let Err(e) = store.purge_idle_sessions(idle).await {
                tracing::warn!(error = %e, "purging idle sessions failed");
            }
            if let Err(e) = store.purge_request_keys().await {
                tracing::warn!(error = %e, "purging old idempotency keys failed");
            }
            if let Err(e) = files::sweep_stale(&store, &file_storage).await {
                tracing::warn!(error = %e, "sweeping stale uploads failed");
            }
            if let Err(e) = store.optimize().await {
                tracing::warn!(error = %e, "refreshing planner statistics failed");
            }
        }
    });
    let reminder = state.config.reminder_interval.map(|every| {
        let store = state.store.clone();
        let notifier = state.config.notifier.clone();
        let instance = format!("{}-{}", hostname(), std::process::id());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                tick.tick().await;
                match reminders::run_once(&store, &notifier, &instance).await {
                    Ok(s) if s.reminders + s.digests + s.expiries > 0 => {
                        tracing::info!(
                            reminders = s.reminders,
                            digests = s.digests,
                            expiries = s.expiries,
                            "reminders created"
                        )
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "reminder job failed"),
                }
            }
        })
    });
    let app = app(state);
    // Small JSON answers go out at once (no Nagle delay against delayed ACKs).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::trace!(error = %e, "TCP_NODELAY not set");
        }
    });
    let res = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    purge.abort();
    if let Some(r) = reminder {
        r.abort();
    }
    res
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "anzhi".into())
}
