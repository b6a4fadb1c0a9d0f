'use client';
// The rule editor: a form view and a JSON view over one store (the rule JSON itself),
// validated live by the same @repay/rules code the engine runs; problems show at their
// field and in a list. Saving writes a draft; the simulation panel then compares it.
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import type { RuleKind } from '@repay/rules/vocabulary';
import { useT } from '@/i18n';
import { errorInfo, handleError } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import { AllocationForm } from './allocation-form';
import { FeeForm } from './fee-form';
import { RoutingForm } from './routing-form';
import { RemittanceForm } from './remittance-form';
import { issueLine, pathOf, RuleIssues, useRuleChecks } from './rule-issues';
import { RuleScopeContext, type RuleSetScope } from './rule-scope';
import { SimulationPanel } from './simulation-panel';
import { SmsForm } from './sms-form';
import { WindowForm } from './window-form';

const FORMS: Record<RuleKind, () => React.JSX.Element> = {
  window: WindowForm,
  fee: FeeForm,
  sms: SmsForm,
  routing: RoutingForm,
  allocation: AllocationForm,
  remittance: RemittanceForm,
};

export function RuleEditor(props: {
  open: boolean;
  ruleSetId: string;
  kind: RuleKind;
  name: string;
  /** Edit this draft in place; otherwise a new version starts from `body`. */
  versionId?: string;
  /** The rule set's scope (the fee calculator applies the ceilings it reaches). */
  scope?: RuleSetScope;
  body: unknown;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const [tab, setTab] = useState('form');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [savedId, setSavedId] = useState<string | undefined>(props.versionId);
  // Edits since the editor opened or last saved: closing then asks before throwing them away.
  const [dirty, setDirty] = useState(false);
  const save = useMutation(trpc.rules.saveDraft.mutationOptions({ meta: { handlesErrors: true } }));
  const { open, body, kind, versionId } = props;
  const { issues, showIssues, check } = useRuleChecks(form, kind);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(structuredClone(body));
    setJson(JSON.stringify(body, null, 2));
    setJsonError(null);
    setTab('form');
    setSavedId(versionId);
    setNote('');
    setDirty(false);
    check(body);
  }, [open, body, versionId, form, check]);

  const current = (): unknown => form.getFieldsValue(true);
  const switchTab = (next: string) => {
    if (next === 'json') setJson(JSON.stringify(current(), null, 2));
    if (next === 'form' && jsonError) return;
    // Fields the JSON view re-created had no errors yet: say the problems on them now.
    if (next === 'form') check(current());
    setTab(next);
  };
  const onJson = (text: string) => {
    setJson(text);
    setDirty(true);
    try {
      const parsed = JSON.parse(text) as object;
      setJsonError(null);
      form.resetFields();
      form.setFieldsValue(parsed);
      check(parsed);
    } catch (error) {
      setJsonError(t('rules.invalidJson', { message: (error as Error).message }));
    }
  };

  const submit = async () => {
    if (jsonError) return;
    try {
      const saved = await save.mutateAsync({
        ruleSetId: props.ruleSetId,
        versionId: savedId,
        body: current(),
        note: note || undefined,
      });
      setSavedId(saved.id);
      setDirty(false);
      void message.success(t('common.saved'));
      props.onSaved();
    } catch (error) {
      // The engine's objections to the body land where the browser's own checks do, and are
      // said: the list above the form may be scrolled out of sight.
      const { issues: found } = errorInfo(error);
      if (found.length === 0) return handleError(error);
      const shown = found.map((i) => ({
        ...i,
        path: i.field === '(rule)' ? [] : pathOf(i.field),
      }));
      showIssues(shown);
      void message.error(
        t('errors.ruleInvalid', { count: shown.length, first: issueLine(t, kind, shown[0]!) }),
      );
    }
  };

  /** Escape, the close button, 取消 and a click outside all come here. */
  const close = () => {
    if (!dirty) return props.onClose();
    modal.confirm({
      title: t('rules.discardTitle'),
      content: t('rules.discardBody'),
      okText: t('rules.discard'),
      okButtonProps: { danger: true },
      cancelText: t('rules.keepEditing'),
      onOk: props.onClose,
    });
  };

  const KindForm = FORMS[kind];
  return (
    <Drawer
      title={t('rules.editorTitle', { name: props.name })}
      open={open}
      onClose={close}
      size={920}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            disabled={!!jsonError}
            onClick={() => void submit()}
          >
            {t('rules.saveDraft')}
          </Button>
        </Space>
      }
    >
      <RuleIssues issues={issues} kind={kind} />
      <Input
        placeholder={t('rules.note')}
        value={note}
        onChange={(e) => {
          setNote(e.target.value);
          setDirty(true);
        }}
        maxLength={500}
        style={{ marginBottom: 12 }}
      />
      <Tabs
        activeKey={tab}
        onChange={switchTab}
        items={[
          {
            key: 'form',
            label: t('rules.tabForm'),
            forceRender: true,
            children: (
              <Form
                form={form}
                layout="vertical"
                onValuesChange={() => {
                  setDirty(true);
                  check(current());
                }}
              >
                <RuleScopeContext.Provider value={props.scope ?? null}>
                  <KindForm />
                </RuleScopeContext.Provider>
              </Form>
            ),
          },
          {
            key: 'json',
            label: t('rules.tabJson'),
            children: (
              <>
                <Input.TextArea
                  aria-label="JSON"
                  value={json}
                  onChange={(e) => onJson(e.target.value)}
                  autoSize={{ minRows: 16, maxRows: 40 }}
                  style={{ fontFamily: 'monospace', fontSize: 12 }}
                />
                {jsonError && <Alert type="error" title={jsonError} style={{ marginTop: 8 }} />}
              </>
            ),
          },
        ]}
      />
      <SimulationPanel kind={kind} versionId={savedId} />
    </Drawer>
  );
}
