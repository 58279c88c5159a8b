// /bench/board: a form bound to the addNote Server Action with the board id (7) bound; works without JavaScript.
import { store } from "@/lib/store";
import { addNote } from "./actions";

export const dynamic = "force-dynamic";

const BOARD = 7;

export async function generateMetadata() {
  return { title: `Board ${BOARD}` };
}

export default async function BoardPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const [{ error }, notes] = await Promise.all([searchParams, store().notes()]);
  return (
    <>
      <h1>{`Board ${BOARD}: ${notes} notes`}</h1>
      <form id="add-note" action={addNote.bind(null, BOARD)}>
        <label>
          Note <input name="text" />
        </label>
        {error ? <span className="error">{error}</span> : null}
        <button>Add</button>
      </form>
    </>
  );
}
