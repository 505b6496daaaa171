mod common;
use common::*;
use std::time::Instant;
#[test]
fn timing() {
    let t = Instant::now();
    let px = photo_pixels(5000, 2500, 5);
    eprintln!("pixels {:?}", t.elapsed());
    let t = Instant::now();
    let input = jpeg(&px, 5000, 2500, 85);
    eprintln!("encode {:?}", t.elapsed());
    let t = Instant::now();
    let photo = anzhi_media::process_photo(&input, &Default::default()).unwrap();
    eprintln!("process {:?}", t.elapsed());
    let t = Instant::now();
    decode(&photo.image);
    eprintln!("decode {:?}", t.elapsed());
}
