//! The reminder job: every server runs it; the store's slot claims make each
//! reminder and each delivery happen once. Deliveries go by e-mail (SMTP) and
//! to 企业微信 / 钉钉 group robots.

use std::time::Duration;

use anzhi_store::Store;
use anzhi_store::reminders::{DeliveryJob, ScanStats};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::json;

/// Outgoing channels, configured by environment.
#[derive(Clone, Default)]
pub struct Notifier {
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    http: reqwest::Client,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("smtp", &self.smtp.is_some())
            .finish()
    }
}

impl Notifier {
    /// `smtp_url`: `smtps://user:pass@host` (TLS), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtp://relay:25` (plain, for a relay on the intranet); `from`: the sender.
    pub fn new(smtp_url: Option<&str>, from: Option<&str>) -> anyhow::Result<Notifier> {
        let smtp = match (smtp_url, from) {
            (Some(url), Some(from)) if !url.is_empty() => {
                let t = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Some((t, from.parse()?))
            }
            (Some(url), None) if !url.is_empty() => {
                anyhow::bail!("ANZHI_SMTP_FROM is required with ANZHI_SMTP_URL")
            }
            _ => None,
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(Notifier { smtp, http })
    }

    async fn send(&self, job: &DeliveryJob) -> Result<(), String> {
        match job.channel.as_str() {
            "email" => {
                let Some((t, from)) = &self.smtp else {
                    return Err("未配置邮件服务器（ANZHI_SMTP_URL）".into());
                };
                let to: Mailbox = job
                    .target
                    .parse()
                    .map_err(|e| format!("收件地址无效：{e}"))?;
                let msg = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(job.title.clone())
                    .header(ContentType::TEXT_PLAIN)
                    .body(format!("{}\n\n—— 安治 · 安全生产专项整治平台", job.body))
                    .map_err(|e| e.to_string())?;
                t.send(msg).await.map(|_| ()).map_err(|e| e.to_string())
            }
            "wecom" | "dingtalk" => {
                // Both robots take a text message of this shape.
                let body = json!({"msgtype": "text", "text": {"content": format!("{}\n{}", job.title, job.body)}});
                let res = self
                    .http
                    .post(&job.target)
                    .json(&body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if !res.status().is_success() {
                    return Err(format!("群机器人返回 HTTP {}", res.status()));
                }
                let v: serde_json::Value = res.json().await.unwrap_or_default();
                // 企业微信 answers {"errcode":0}, 钉钉 {"errcode":0,"errmsg":"ok"}.
                match v.get("errcode").and_then(|c| c.as_i64()) {
                    None | Some(0) => Ok(()),
                    Some(code) => Err(format!(
                        "群机器人返回错误 {code}：{}",
                        v.get("errmsg").and_then(|m| m.as_str()).unwrap_or("")
                    )),
                }
            }
            other => Err(format!("未知的通知渠道 {other}")),
        }
    }
}

/// One pass: create due reminders, then send what is pending.
pub async fn run_once(
    store: &Store,
    notifier: &Notifier,
    instance: &str,
) -> anzhi_store::Result<ScanStats> {
    let today = anzhi_domain::time::today_china(chrono::Utc::now());
    let stats = store.run_reminders(instance, today).await?;
    loop {
        let jobs = store.claim_deliveries(50).await?;
        if jobs.is_empty() {
            break;
        }
        for job in jobs {
            let outcome = notifier.send(&job).await;
            if let Err(e) = &outcome {
                tracing::warn!(channel = %job.channel, attempt = job.attempts, error = %e, "delivery failed");
            }
            store.finish_delivery(&job, outcome).await?;
        }
    }
    Ok(stats)
}
