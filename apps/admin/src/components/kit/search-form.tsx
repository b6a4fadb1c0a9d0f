'use client';
// The search form on top of a list.
import { Button, Col, Form, Row, Space, type FormInstance } from 'antd';
import { Children, type ReactNode } from 'react';
import { useT } from '@/i18n';

/**
 * The search form: `grid` lays its fields out four to a row with labels (reset, then search,
 * at the end), `inline` puts them on one wrapping line with placeholders (search, then reset).
 * Reset empties the form and searches again with what it holds then (its initial values).
 */
export function SearchForm<Values extends object>(props: {
  form: FormInstance<Values>;
  onSearch: (values: Values) => void;
  layout: 'grid' | 'inline';
  label?: string;
  initialValues?: Partial<Values>;
  children: ReactNode;
}) {
  const t = useT();
  const { form, onSearch } = props;
  const reset = (
    <Button
      key="reset"
      onClick={() => {
        form.resetFields();
        onSearch(form.getFieldsValue());
      }}
    >
      {t('common.reset')}
    </Button>
  );
  const search = (
    <Button key="search" type="primary" htmlType="submit">
      {t('common.search')}
    </Button>
  );
  const common = {
    form,
    onFinish: onSearch,
    initialValues: props.initialValues,
    'aria-label': props.label,
    role: props.label ? 'search' : undefined,
  };
  if (props.layout === 'inline')
    return (
      <Form<Values> {...common} layout="inline" style={{ rowGap: 12, marginBottom: 16 }}>
        {props.children}
        <Form.Item>
          <Space>{[search, reset]}</Space>
        </Form.Item>
      </Form>
    );
  const fields = Children.toArray(props.children);
  // The buttons take what the last row leaves (the whole row when it is full).
  const rest = 24 - ((fields.length * 6) % 24);
  return (
    <Form<Values> {...common} layout="vertical">
      <Row gutter={16}>
        {fields.map((field, i) => (
          <Col key={i} xs={24} md={8} xl={6}>
            {field}
          </Col>
        ))}
        <Col
          xs={24}
          xl={rest}
          style={{
            display: 'flex',
            alignItems: 'flex-end',
            justifyContent: 'flex-end',
            paddingBottom: 24,
          }}
        >
          <Space>{[reset, search]}</Space>
        </Col>
      </Row>
    </Form>
  );
}
