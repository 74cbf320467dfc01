-- payment_date_cheque_sums is derived from cheques: these triggers keep it exact on every write,
-- whatever code path (service, import, CLI, test factory) writes the cheque.
CREATE TRIGGER `cheques_sums_insert` AFTER INSERT ON `cheques` BEGIN
  INSERT INTO `payment_date_cheque_sums` (`payment_date_id`, `status`, `n`, `cents`)
    VALUES (new.`payment_date_id`, new.`status`, 1, new.`amount_cents`)
    ON CONFLICT (`payment_date_id`, `status`) DO UPDATE SET `n` = `n` + 1, `cents` = `cents` + excluded.`cents`;
END;
--> statement-breakpoint
CREATE TRIGGER `cheques_sums_delete` AFTER DELETE ON `cheques` BEGIN
  UPDATE `payment_date_cheque_sums` SET `n` = `n` - 1, `cents` = `cents` - old.`amount_cents`
    WHERE `payment_date_id` = old.`payment_date_id` AND `status` = old.`status`;
END;
--> statement-breakpoint
CREATE TRIGGER `cheques_sums_update` AFTER UPDATE OF `payment_date_id`, `status`, `amount_cents` ON `cheques` BEGIN
  UPDATE `payment_date_cheque_sums` SET `n` = `n` - 1, `cents` = `cents` - old.`amount_cents`
    WHERE `payment_date_id` = old.`payment_date_id` AND `status` = old.`status`;
  INSERT INTO `payment_date_cheque_sums` (`payment_date_id`, `status`, `n`, `cents`)
    VALUES (new.`payment_date_id`, new.`status`, 1, new.`amount_cents`)
    ON CONFLICT (`payment_date_id`, `status`) DO UPDATE SET `n` = `n` + 1, `cents` = `cents` + excluded.`cents`;
END;
--> statement-breakpoint
-- The cheques already there.
INSERT INTO `payment_date_cheque_sums` (`payment_date_id`, `status`, `n`, `cents`)
  SELECT `payment_date_id`, `status`, count(*), sum(`amount_cents`) FROM `cheques` GROUP BY `payment_date_id`, `status`;
