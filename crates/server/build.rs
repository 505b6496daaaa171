// Embeds web/dist when it has been built; otherwise the server shows a
// placeholder page, so `cargo build` works without Node.
fn main() {
    println!("cargo:rustc-check-cfg=cfg(anzhi_web)");
    println!("cargo:rerun-if-changed=../../web/dist");
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let index = std::path::Path::new(&dir).join("../../web/dist/index.html");
    if index.exists() {
        println!("cargo:rustc-cfg=anzhi_web");
    }
}
