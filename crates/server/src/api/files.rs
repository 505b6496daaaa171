//! Uploads and downloads. A file is uploaded on its own, then attached by id to the
//! record it belongs to (a progress report, a profile document…); who may read that
//! record may download the file.

use anzhi_domain::files::{FileKind, Rejected, check, safe_name};
use anzhi_store::files::{FileBrief, NewFile};
use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::{Bytes, BytesMut};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::extract::{ApiQuery, Auth};

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file (images, PDF, OFD, Office documents, ZIP, text; ≤ 20 MB by default).
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
}

/// Reads the `file` part of a multipart upload, refusing it as soon as it passes `max` bytes.
pub async fn read_upload(mut mp: Multipart, max: u64) -> ApiResult<(String, Bytes)> {
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            Rejected::TooLarge(max.div_ceil(1024 * 1024)).to_string(),
        )
    };
    let unreadable = || ApiError::field("file", "unreadable", "无法读取上传的文件，请重试");
    while let Some(mut field) = mp.next_field().await.map_err(|_| unreadable())? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("").to_string();
        let mut buf = BytesMut::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
            if (buf.len() + chunk.len()) as u64 > max {
                return Err(too_large());
            }
            buf.extend_from_slice(&chunk);
        }
        return Ok((name, buf.freeze()));
    }
    Err(ApiError::field("file", "required", "请选择要上传的文件"))
}

/// Upload one file. Its type is judged by content; it stays private to the uploader
/// until attached to a record (and is removed after a day if it never is).
#[utoipa::path(post, path = "/api/files", tag = "files",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = FileBrief), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn upload(
    State(st): State<AppState>,
    auth: Auth,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<FileBrief>)> {
    if auth.role.is_admin() {
        auth.deny(&st, "管理员不上传业务附件").await;
        return Err(ApiError::forbidden("管理员不上传业务附件"));
    }
    let storage = &st.config.files;
    let (name, bytes) = read_upload(mp, storage.max_bytes).await?;
    let kind = check(&bytes, &name, storage.max_bytes).map_err(|e| match e {
        Rejected::TooLarge(_) => ApiError::new(ErrorCode::PayloadTooLarge, e.to_string()),
        Rejected::Empty => ApiError::field("file", "empty", e.to_string()),
        Rejected::Unsupported => ApiError::new(ErrorCode::UnsupportedMediaType, e.to_string()),
    })?;
    let key = crate::files::FileStorage::new_key();
    let new = NewFile {
        storage_key: key.clone(),
        name: safe_name(&name, kind),
        kind: kind_code(kind).into(),
        content_type: kind.mime().into(),
        size: bytes.len() as i64,
        sm3: anzhi_domain::crypto::sm3_hex(&bytes),
        thumb_key: None,
        taken_at: None,
    };
    storage.put(&key, bytes).await.map_err(|e| {
        tracing::error!(error = %e, "storing an upload failed");
        ApiError::internal()
    })?;
    match auth
        .checked(&st, st.store.record_upload(&auth.actor, new).await)
        .await
    {
        Ok(f) => Ok((StatusCode::CREATED, Json(f))),
        Err(e) => {
            let _ = storage.delete(&key).await;
            Err(e)
        }
    }
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PhotoForm {
    /// A photo: JPG, PNG or WebP (HEIC is refused with advice).
    #[schema(format = Binary, content_media_type = "image/jpeg")]
    file: String,
}

/// Upload one photo (hazards, self-checks, inspections). It is turned upright,
/// resized to at most 2048 px, re-encoded as JPEG without any metadata (location,
/// device) and given a 320 px thumbnail; the camera's capture time is kept as
/// `taken_at`. Like any upload it stays private until attached to a record.
#[utoipa::path(post, path = "/api/photos", tag = "files",
    request_body(content = PhotoForm, content_type = "multipart/form-data"),
    responses((status = 201, body = FileBrief), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn upload_photo(
    State(st): State<AppState>,
    auth: Auth,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<FileBrief>)> {
    use anzhi_media::{PhotoError, PhotoLimits, process_photo};
    if auth.role.is_admin() {
        auth.deny(&st, "管理员不上传业务附件").await;
        return Err(ApiError::forbidden("管理员不上传业务附件"));
    }
    let storage = &st.config.files;
    let (name, bytes) = read_upload(mp, storage.max_bytes).await?;
    if bytes.is_empty() {
        return Err(ApiError::field(
            "file",
            "empty",
            Rejected::Empty.to_string(),
        ));
    }
    // Decoding and resizing take tens of milliseconds: off the async workers.
    let photo = tokio::task::spawn_blocking(move || process_photo(&bytes, &PhotoLimits::default()))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| match e {
            PhotoError::NotAPhoto | PhotoError::Heic => {
                ApiError::new(ErrorCode::UnsupportedMediaType, e.to_string())
            }
            PhotoError::TooLarge => ApiError::field("file", "too_large", e.to_string()),
            PhotoError::Damaged => ApiError::field("file", "damaged", e.to_string()),
        })?;
    let key = crate::files::FileStorage::new_key();
    let thumb_key = format!("{key}-thumb");
    let stem = std::path::Path::new(&name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("照片");
    let new = NewFile {
        storage_key: key.clone(),
        name: safe_name(&format!("{stem}.jpg"), FileKind::Jpeg),
        kind: kind_code(FileKind::Jpeg).into(),
        content_type: FileKind::Jpeg.mime().into(),
        size: photo.image.len() as i64,
        sm3: anzhi_domain::crypto::sm3_hex(&photo.image),
        thumb_key: Some(thumb_key.clone()),
        // Cameras write local time; these users are in China.
        taken_at: photo
            .taken_at
            .and_then(|t| t.and_local_timezone(chrono_tz::Asia::Shanghai).single())
            .map(|t| t.with_timezone(&chrono::Utc)),
    };
    let stored = async {
        storage.put(&key, Bytes::from(photo.image)).await?;
        storage.put(&thumb_key, Bytes::from(photo.thumb)).await
    };
    if let Err(e) = stored.await {
        tracing::error!(error = %e, "storing a photo failed");
        let _ = storage.delete(&key).await;
        return Err(ApiError::internal());
    }
    match auth
        .checked(&st, st.store.record_upload(&auth.actor, new).await)
        .await
    {
        Ok(f) => Ok((StatusCode::CREATED, Json(f))),
        Err(e) => {
            let _ = storage.delete(&key).await;
            let _ = storage.delete(&thumb_key).await;
            Err(e)
        }
    }
}

fn kind_code(k: FileKind) -> &'static str {
    match k {
        FileKind::Jpeg => "jpeg",
        FileKind::Png => "png",
        FileKind::Gif => "gif",
        FileKind::Webp => "webp",
        FileKind::Pdf => "pdf",
        FileKind::Docx => "docx",
        FileKind::Xlsx => "xlsx",
        FileKind::Pptx => "pptx",
        FileKind::Ole => "ole",
        FileKind::Ofd => "ofd",
        FileKind::Zip => "zip",
        FileKind::Text => "text",
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DownloadQuery {
    /// Show an image or PDF in the browser instead of saving it.
    pub inline: Option<bool>,
    /// A photo's thumbnail (shown inline); the file itself when it has none.
    pub thumb: Option<bool>,
}

/// Download a file the caller may read (their own upload, or one attached to a
/// record they may read); anything else answers 404.
#[utoipa::path(get, path = "/api/files/{id}", tag = "files", params(("id" = Uuid, Path), DownloadQuery),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn download(
    State(st): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiQuery(q): ApiQuery<DownloadQuery>,
) -> ApiResult<Response> {
    let meta = st.store.file_for_download(&auth.actor, id).await?;
    let thumb = q.thumb.unwrap_or(false);
    let key = match (&meta.thumb_key, thumb) {
        (Some(t), true) => t,
        _ => &meta.storage_key,
    };
    let bytes = st.config.files.get(key).await.map_err(|e| {
        tracing::error!(error = %e, file = %id, "reading a stored file failed");
        ApiError::not_found()
    })?;
    let mut res =
        crate::xlsx::attachment(bytes.to_vec(), &meta.brief.name, &meta.brief.content_type);
    let viewable = meta.brief.content_type.starts_with("image/")
        || meta.brief.content_type == "application/pdf";
    let h = res.headers_mut();
    if (q.inline.unwrap_or(false) || thumb)
        && viewable
        && let Some(v) = h.get(header::CONTENT_DISPOSITION).cloned()
        && let Ok(s) = v.to_str()
        && let Ok(v) = HeaderValue::from_str(&s.replacen("attachment", "inline", 1))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(upload_photo))
        .routes(routes!(download))
        .layer(DefaultBodyLimit::disable())
}
