// Creates an experiment in DRAFT: key, metric (the event kind that counts as a conversion),
// and 2–10 variants with weights; the first variant is the control.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call } from '../../gql/api';
import { CREATE_EXPERIMENT } from './operations';

type Variant = { name: string; weight: string };

export function CreateExperimentForm({ onCreated }: { onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const [metric, setMetric] = useState('ENROL');
  const [variants, setVariants] = useState<Variant[]>([
    { name: 'control', weight: '1' },
    { name: 'treatment', weight: '1' },
  ]);
  const create = useMutation({
    mutationFn: () =>
      call(CREATE_EXPERIMENT, {
        input: {
          key: key.trim(),
          description: description.trim() || undefined,
          metric: metric.trim(),
          variants: variants.map((v) => ({ name: v.name.trim(), weight: Number(v.weight) })),
        },
      }),
    onSuccess: async ({ createExperiment }) => {
      // Only a success clears the form: a refusal keeps what was typed.
      setKey('');
      setDescription('');
      await queryClient.invalidateQueries({ queryKey: ['experiments'] });
      onCreated(createExperiment.key);
    },
  });
  const setVariant = (i: number, change: Partial<Variant>) =>
    setVariants((vs) => vs.map((v, j) => (i === j ? { ...v, ...change } : v)));

  return (
    <details className="card create">
      <summary>{t('experiments.create')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          <span>{t('experiments.key')}</span>
          <input name="key" required maxLength={64} value={key} onChange={(e) => setKey(e.target.value)} />
        </label>
        <label>
          <span>{t('experiments.description')}</span>
          <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label>
          <span>{t('experiments.metric')}</span>
          <input name="metric" required value={metric} onChange={(e) => setMetric(e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('experiments.variantsHint')}</legend>
          {variants.map((v, i) => (
            <div key={i} className="variant">
              <input
                aria-label={t('experiments.variantName', { n: i + 1 })}
                required
                value={v.name}
                onChange={(e) => setVariant(i, { name: e.target.value })}
              />
              <input
                aria-label={t('experiments.variantWeight', { n: i + 1 })}
                type="number"
                min="0.0001"
                step="any"
                required
                value={v.weight}
                onChange={(e) => setVariant(i, { weight: e.target.value })}
              />
              {variants.length > 2 && (
                <button type="button" onClick={() => setVariants((vs) => vs.filter((_, j) => j !== i))}>
                  {t('experiments.removeVariant')}
                </button>
              )}
            </div>
          ))}
          {variants.length < 10 && (
            <button type="button" onClick={() => setVariants((vs) => [...vs, { name: '', weight: '1' }])}>
              {t('experiments.addVariant')}
            </button>
          )}
        </fieldset>
        {create.error != null && <ErrorNotice error={create.error} />}
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('experiments.createSubmit')}
        </button>
      </form>
    </details>
  );
}
