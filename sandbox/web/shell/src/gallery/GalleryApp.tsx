/**
 * The UI Kit gallery (/uikit-gallery): a small @forge/react app that uses every component the
 * sandbox renderer supports, plus one it does not, with live state so events can be seen to
 * reach the app. It runs in a frame through the real reconciler, exactly like the panel.
 */
import { createElement, useState } from 'react';
import {
  Badge,
  Box,
  Button,
  ButtonGroup,
  Checkbox,
  Code,
  DynamicTable,
  Em,
  EmptyState,
  Form,
  Heading,
  Inline,
  Label,
  LinkButton,
  LoadingButton,
  Lozenge,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  SectionMessage,
  SectionMessageAction,
  Spinner,
  Stack,
  Strong,
  Tag,
  Text,
  TextArea,
  Textfield,
  Tooltip,
  xcss,
} from '@forge/react';

const boxStyle = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.150',
});

function valueOf(event: { target?: { value?: unknown } }): string {
  return typeof event.target?.value === 'string' ? event.target.value : '';
}

export function GalleryApp() {
  const [clicks, setClicks] = useState(0);
  const [typed, setTyped] = useState('');
  const [eventType, setEventType] = useState('');
  const [notes, setNotes] = useState('');
  const [checked, setChecked] = useState(false);
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState<string[]>([]);
  const [modalOpen, setModalOpen] = useState(false);
  const [loading, setLoading] = useState(false);

  return (
    <Stack space="space.200">
      <Heading size="medium">UI Kit gallery</Heading>
      <Text>
        Markup stays text: <Strong>{'<b>not bold</b>'}</Strong> and <Em>emphasis</Em>, code{' '}
        <Code>{'kvs.get()'}</Code>.
      </Text>
      <Box xcss={boxStyle} testId="gallery-box">
        <Inline space="space.100" alignBlock="center">
          <Lozenge appearance="success">Two-way sync</Lozenge>
          <Lozenge appearance="inprogress">One-way sync</Lozenge>
          <Lozenge>Display only</Lozenge>
          <Badge appearance="primary">{clicks}</Badge>
          <Tag text="tag" />
          <Tooltip content="A tooltip">
            <Text>Hover me</Text>
          </Tooltip>
        </Inline>
      </Box>
      <ButtonGroup label="Gallery actions">
        <Button appearance="primary" iconBefore="add" onClick={() => setClicks((n) => n + 1)}>
          {`Clicked ${clicks}`}
        </Button>
        <LoadingButton isLoading={loading} onClick={() => setLoading((l) => !l)}>
          Toggle loading
        </LoadingButton>
        <LinkButton href="https://example.com/docs" target="_blank">
          External link
        </LinkButton>
        <Button onClick={() => setModalOpen(true)}>Open modal</Button>
      </ButtonGroup>
      <SectionMessage appearance="warning" title="A section message">
        <Text>Section messages carry actions.</Text>
        <SectionMessageAction onClick={() => setClicks((n) => n + 10)}>Add ten</SectionMessageAction>
      </SectionMessage>
      <Stack space="space.050">
        <Label labelFor="gallery-echo">Echo field</Label>
        <Textfield
          id="gallery-echo"
          placeholder="Type here"
          value={typed}
          onChange={(event) => {
            setTyped(valueOf(event));
            setEventType(typeof event.target?.type === 'string' ? event.target.type : '');
          }}
        />
        <Text testId="gallery-echo-out">{`You typed: ${typed} (${eventType || 'no event'})`}</Text>
        <TextArea placeholder="Notes" value={notes} onChange={(event) => setNotes(valueOf(event))} />
        <Text>{`Notes: ${notes.length} characters`}</Text>
        <Checkbox
          label="Check me"
          isChecked={checked}
          onChange={(event) => setChecked(event.target?.checked === true)}
        />
        <Text>{checked ? 'Checked' : 'Not checked'}</Text>
      </Stack>
      <Form onSubmit={() => setSubmitted((list) => [...list, query])}>
        <Inline space="space.100" alignBlock="center">
          <Textfield
            name="query"
            placeholder="Search term"
            value={query}
            onChange={(event) => setQuery(valueOf(event))}
          />
          <LoadingButton type="submit" appearance="primary" isLoading={false}>
            Submit form
          </LoadingButton>
        </Inline>
      </Form>
      <Text>{`Submitted: ${submitted.length === 0 ? 'nothing' : submitted.join(', ')}`}</Text>
      <DynamicTable
        label="Gallery table"
        head={{
          cells: [
            { key: 'field', content: 'Field' },
            { key: 'value', content: 'Value' },
          ],
        }}
        rows={[
          {
            key: 'r1',
            cells: [
              { key: 'field', content: 'Status' },
              { key: 'value', content: 'open' },
            ],
          },
          {
            key: 'r2',
            cells: [
              { key: 'field', content: 'Priority' },
              { key: 'value', content: <Lozenge appearance="removed">urgent</Lozenge> },
            ],
          },
        ]}
      />
      <EmptyState header="Nothing here" description="An empty state." width="narrow" />
      <Spinner size="small" label="Loading example" />
      {createElement('MysteryWidget', { flavour: 'unknown' })}
      {modalOpen ? (
        <ModalTransition>
          <Modal onClose={() => setModalOpen(false)} label="Gallery modal">
            <ModalHeader>
              <ModalTitle>Gallery modal</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text>{`The modal sees the app state: ${clicks} clicks.`}</Text>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setModalOpen(false)}>
                Close
              </Button>
            </ModalFooter>
          </Modal>
        </ModalTransition>
      ) : null}
    </Stack>
  );
}
