//! Embeds the shipped gazetteer lists (every `.tsv` under `gazetteers/`
//! except `gazetteers/lexicon/`) into the binary, so quarry needs no data
//! files at run time.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "lexicon") {
                collect(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "tsv") {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let gaz = root.join("gazetteers");
    println!("cargo:rerun-if-changed=gazetteers");
    let mut files = Vec::new();
    collect(&gaz, &mut files);
    let mut src = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&gaz).unwrap().with_extension("");
        let name = rel.to_string_lossy().replace('\\', "/");
        src.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            name,
            f.display().to_string()
        ));
    }
    src.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("shipped_gazetteers.rs");
    fs::write(out, src).unwrap();
}
