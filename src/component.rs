//! The 17 components of the Model Openness Framework (MOF 1.0), with their MOT names, content types
//! and the class that first requires them. This is the closed vocabulary every stage shares.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of artefact a component is; the MOF asks for a license appropriate to the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ContentType {
    Code,
    Data,
    Document,
}

impl ContentType {
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::Code => "code",
            ContentType::Data => "data",
            ContentType::Document => "document",
        }
    }
}

/// A MOF class. Ordered from the least open (III) to the most open (I).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
// `openness_cli` is the `cli` feature, set by build.rs for the library only: build.rs reads the
// license data with this file too, and has no clap.
#[cfg_attr(openness_cli, derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum MofClass {
    #[serde(rename = "III")]
    #[cfg_attr(openness_cli, value(name = "III"))]
    III,
    #[serde(rename = "II")]
    #[cfg_attr(openness_cli, value(name = "II"))]
    II,
    #[serde(rename = "I")]
    #[cfg_attr(openness_cli, value(name = "I"))]
    I,
}

impl MofClass {
    /// III, II, I: the order in which classes build on each other.
    pub const ALL: [MofClass; 3] = [MofClass::III, MofClass::II, MofClass::I];

    pub fn as_str(self) -> &'static str {
        match self {
            MofClass::III => "III",
            MofClass::II => "II",
            MofClass::I => "I",
        }
    }

    /// The MOF's name for the class.
    pub fn label(self) -> &'static str {
        match self {
            MofClass::III => "Class III - Open Model",
            MofClass::II => "Class II - Open Tooling Model",
            MofClass::I => "Class I - Open Science Model",
        }
    }
}

impl fmt::Display for MofClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! components {
    ($( $variant:ident = $id:literal, $slug:literal, $mot:literal, $ty:ident, $class:ident, $required:literal; )*) => {
        /// One of the 17 MOF components.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Component {
            $( #[serde(rename = $slug)] $variant, )*
        }

        impl Component {
            /// All components, in the order the MOF lists them (by class, then importance).
            pub const ALL: [Component; 17] = [ $( Component::$variant, )* ];

            /// The MOF / MOT numeric id.
            pub fn mof_id(self) -> u8 { match self { $( Component::$variant => $id, )* } }
            /// The kebab-case id used in rubrics, JSON and on the command line.
            pub fn slug(self) -> &'static str { match self { $( Component::$variant => $slug, )* } }
            /// The name as MOT spells it (`Model parameters (Final)`).
            pub fn mot_name(self) -> &'static str { match self { $( Component::$variant => $mot, )* } }
            /// Code, data or document.
            pub fn content_type(self) -> ContentType { match self { $( Component::$variant => ContentType::$ty, )* } }
            /// The class that first lists the component.
            pub fn class(self) -> MofClass { match self { $( Component::$variant => MofClass::$class, )* } }
            /// Whether the class requires it (some components are optional).
            pub fn required(self) -> bool { match self { $( Component::$variant => $required, )* } }
        }
    };
}

components! {
    ModelArchitecture = 9, "model-architecture", "Model architecture", Code, III, true;
    ModelParametersFinal = 10, "model-parameters-final", "Model parameters (Final)", Data, III, true;
    ModelCard = 13, "model-card", "Model card", Document, III, true;
    DataCard = 14, "data-card", "Data card", Document, III, true;
    TechnicalReport = 11, "technical-report", "Technical report", Document, III, true;
    EvaluationResults = 12, "evaluation-results", "Evaluation results", Document, III, true;
    SampleModelOutputs = 20, "sample-model-outputs", "Sample model outputs", Document, III, false;
    TrainingCode = 7, "training-code", "Training code", Code, II, true;
    InferenceCode = 8, "inference-code", "Inference code", Code, II, true;
    EvaluationCode = 18, "evaluation-code", "Evaluation code", Code, II, true;
    EvaluationData = 19, "evaluation-data", "Evaluation data", Data, II, true;
    SupportingLibraries = 22, "supporting-libraries", "Supporting libraries and tools", Code, II, false;
    DataPreprocessingCode = 16, "data-preprocessing-code", "Data preprocessing code", Code, I, true;
    ModelParametersIntermediate = 24, "model-parameters-intermediate", "Model parameters (Intermediate)", Data, I, true;
    Datasets = 15, "datasets", "Datasets", Data, I, true;
    ResearchPaper = 21, "research-paper", "Research paper", Document, I, true;
    ModelMetadata = 17, "model-metadata", "Model metadata", Data, I, false;
}

impl Component {
    /// Look a component up by its MOT name, exactly as MOT spells it.
    pub fn from_mot_name(name: &str) -> Option<Component> {
        Component::ALL.into_iter().find(|c| c.mot_name() == name)
    }

    /// A comma-separated list of every slug, for error messages.
    pub fn valid_slugs() -> String {
        Component::ALL.map(|c| c.slug()).join(", ")
    }
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mot_name())
    }
}

impl FromStr for Component {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Component::ALL
            .into_iter()
            .find(|c| c.slug() == s || c.mot_name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown component `{s}`; valid components: {}",
                    Component::valid_slugs()
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventeen_components_with_mof_counts() {
        let required = |class: MofClass| {
            Component::ALL
                .iter()
                .filter(|c| c.class() == class && c.required())
                .count()
        };
        assert_eq!(Component::ALL.len(), 17);
        assert_eq!(required(MofClass::III), 6);
        assert_eq!(required(MofClass::II), 4);
        assert_eq!(required(MofClass::I), 4);
    }

    #[test]
    fn names_round_trip() {
        for c in Component::ALL {
            assert_eq!(Component::from_mot_name(c.mot_name()), Some(c));
            assert_eq!(c.slug().parse::<Component>(), Ok(c));
        }
        assert!("weights".parse::<Component>().is_err());
    }
}
