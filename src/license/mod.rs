//! License intelligence: what a license *is* (kind, OSI approval, OSD conformance) and what it
//! *restricts* (acceptable-use policies, user caps, bans on improving other models, ...), from a
//! declared id or name ([`Catalog::resolve`]) or from a license text ([`identify()`]).
//!
//! The parts, each importing only those listed below it (no cycles):
//!
//! ```text
//! names       what a license's name or link says (family, terms), never more open
//! families    base-model families (Llama, Gemma, ...) and their licenses
//! identify/   texts: multi (every license of a text), standard, fingerprint, modified, prepare,
//!             pointer, report (each importing only those after it)
//! custom      texts the catalog does not know, or only resembles: judged by their own clauses
//! clauses/    restriction clauses read in any text (English and Chinese), as data
//! catalog     Catalog: lookup and resolution of ids, expressions, aliases and links
//! phrases     the fingerprint automaton of the profiles
//! builtin     the profiles, read and checked by build.rs, as a static table
//! profile     licenses/profiles/*.yaml, read strictly (by build.rs for the built-in ones)
//! expr        SPDX expressions (OR, AND, WITH), lenient reading
//! spdx_list   facts of an SPDX id without a profile    <- licenses/open-data.yaml
//! deprecated  deprecated SPDX ids and their replacement <- licenses/deprecated.yaml
//! hub         the Hugging Face Hub's license ids         <- licenses/hub-ids.yaml
//! terms       restricting wording                        <- licenses/extra-terms.yaml
//! tables      the smaller built-in tables, embedded as YAML, read on first use
//! links       license addresses
//! schema      strict, positioned reading of the data files (diagnostics)
//! normalize   text normalisation
//! store       the SPDX text index, compiled by build.rs
//! similarity  text preparation and bigram scoring against the index's texts
//! facts       LicenseKind, RestrictionKind, Restriction, LicenseFacts
//! ```
//!
//! Everything other modules use is re-exported here; `identify` and `store` are also modules of
//! their own (`identify::identify_all`, `store::is_loaded`).

mod builtin;
mod catalog;
pub mod clauses;
pub mod custom;
mod deprecated;
mod expr;
mod facts;
pub mod families;
mod hub;
pub mod identify;
mod links;
pub mod names;
mod normalize;
mod phrases;
mod profile;
mod schema;
pub mod similarity;
mod spdx_list;
pub mod store;
mod tables;
mod terms;

pub use catalog::{Catalog, CatalogEntry, Resolution, Resolved};
pub use deprecated::deprecated_replacement;
pub use facts::{
    LicenseFacts, LicenseKind, NOASSERTION, Restriction, RestrictionKind, restriction_label,
};
pub use hub::{HUB_LICENSES, HubLicense, HubLicenses, hub_target};
pub use identify::{
    Identification, Method, TextForm, TextReport, identify, identify_all, looks_like_license,
};
pub use links::link_key;
pub use normalize::{alias_key, normalize};
pub use profile::{LicenseProfile, PROFILES_DIR};
pub use terms::extra_terms;
