//! Moving a corpus between databases (`jishi migrate`): SQLite to PostgreSQL or back.

use std::collections::HashSet;

use crate::{Input, Replace, Result, Store, StoreError};

impl Store {
    /// Copies every article (with the input it was read from) and every recorded failure of
    /// `self` into `to`, then links `to`. Articles already in `to` with the same content stay as
    /// they are, so a copy that was interrupted can simply be run again. `progress` is called
    /// with the number of articles copied so far.
    pub fn copy_into(&self, to: &mut Store, mut progress: impl FnMut(usize)) -> Result<()> {
        let mut done: HashSet<String> = HashSet::new();
        let record = |id: &str| -> Result<jishi_record::Record> {
            self.record(id)?
                .ok_or_else(|| StoreError::Invalid(format!("{id}: vanished while copying")))
        };
        for input in self.inputs()? {
            let records = input
                .articles
                .iter()
                .map(|id| record(id))
                .collect::<Result<Vec<_>>>()?;
            let refs: Vec<&jishi_record::Record> = records.iter().collect();
            to.put_batch(
                &refs,
                Some(Input {
                    name: &input.name,
                    bytes: &input.bytes,
                }),
                Replace::IfChanged,
                &[],
                |_| Ok(()),
            )?;
            done.extend(input.articles);
            progress(done.len());
        }
        // articles stored without their input (by another program)
        let ids: Vec<String> =
            self.db()
                .query_map("SELECT id FROM articles ORDER BY id", &[], |r| r.get(0))?;
        for id in ids {
            if done.contains(&id) {
                continue;
            }
            to.put(&record(&id)?, None, Replace::IfChanged)?;
            done.insert(id);
            progress(done.len());
        }
        let errors: Vec<(String, String)> = self.db().query_map(
            "SELECT source, reason FROM errors ORDER BY source",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (source, reason) in errors {
            to.put_error(&source, &reason)?;
        }
        to.link()?;
        Ok(())
    }
}
