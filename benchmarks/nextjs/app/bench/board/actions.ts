"use server";
// The action of the action scenarios: validate a form (text required, at most 200 characters), write one row,
// redirect (303 to a form post without JavaScript). Like Arbor's NoteActions.addNote, with the board id bound.
import { redirect } from "next/navigation";
import { store } from "@/lib/store";

export async function addNote(boardId: number, formData: FormData) {
  const raw = formData.get("text");
  const text = typeof raw === "string" ? raw : "";
  if (text.trim() === "") redirect(`/bench/board?error=${encodeURIComponent("Write a note")}`);
  if (text.length > 200) redirect(`/bench/board?error=${encodeURIComponent("size must be between 0 and 200")}`);
  await store().addNote(boardId, text);
  redirect("/bench/board");
}
